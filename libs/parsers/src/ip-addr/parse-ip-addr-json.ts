import type { NetInterface, ParseIssue, ParseResult } from '@hookpath/model';
import { topLevelObjects } from '../ip-common';
import { shapeInterface } from '../ip-link/interface-shape';
import { interfaceFromJson } from '../ip-link/link-json';
import { resolveLinkPeers } from '../ip-link/resolve-link-peers';
import { parseJsonDocument } from '../json-document';
import { addressFromJson } from './address-json';

/** `ip -j -d addr show` (or `ip -j addr show`, without the link kind details). */
export function parseIpAddrJson(content: string, file: string): ParseResult<NetInterface[]> {
  const document = parseJsonDocument(content, file);
  if (!document.ok) return { value: [], errors: [document.issue] };
  const errors: ParseIssue[] = [];
  const interfaces: NetInterface[] = [];
  for (const fields of topLevelObjects(document.value, file, errors)) {
    const iface = interfaceFromJson(fields);
    if (iface === null) continue;
    for (const info of fields.children('addr_info')) {
      const address = addressFromJson(info);
      if (address !== null) iface.addresses.push(address);
    }
    interfaces.push(iface);
  }
  resolveLinkPeers(interfaces);
  return { value: interfaces.map(shapeInterface), errors };
}
