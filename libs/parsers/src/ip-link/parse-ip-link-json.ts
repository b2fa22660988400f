import type { NetInterface, ParseIssue, ParseResult } from '@hookpath/model';
import { topLevelObjects } from '../ip-common';
import { parseJsonDocument } from '../json-document';
import { shapeInterface } from './interface-shape';
import { interfaceFromJson } from './link-json';
import { resolveLinkPeers } from './resolve-link-peers';

/** `ip -j -d link show` (or `ip -j link show`, which has no kind details). Addresses are always empty. */
export function parseIpLinkJson(content: string, file: string): ParseResult<NetInterface[]> {
  const document = parseJsonDocument(content, file);
  if (!document.ok) return { value: [], errors: [document.issue] };
  const errors: ParseIssue[] = [];
  const interfaces: NetInterface[] = [];
  for (const fields of topLevelObjects(document.value, file, errors)) {
    const iface = interfaceFromJson(fields);
    if (iface !== null) interfaces.push(iface);
  }
  resolveLinkPeers(interfaces);
  return { value: interfaces.map(shapeInterface), errors };
}
