import type { Neighbour, ParseResult } from '@hookpath/model';
import { topLevelObjects } from '../ip-common';
import { parseJsonDocument } from '../json-document';

/**
 * Parses `ip -j neigh show`. iproute2 prints flags such as `router` as a key with a null value
 * (`"router":null`), so the presence of the key is the flag.
 */
export function parseNeighJson(content: string, file: string): ParseResult<Neighbour[]> {
  const document = parseJsonDocument(content, file);
  if (!document.ok) return { value: [], errors: [document.issue] };
  const errors: ParseResult<Neighbour[]>['errors'] = [];
  const value: Neighbour[] = [];
  for (const fields of topLevelObjects(document.value, file, errors)) {
    const dst = fields.string('dst');
    const dev = fields.string('dev');
    if (dst === undefined || dev === undefined) {
      fields.invalid(dst === undefined ? 'dst' : 'dev', 'missing');
      continue;
    }
    const neighbour: Neighbour = { dst, dev, state: fields.strings('state'), router: fields.has('router') };
    const lladdr = fields.string('lladdr');
    if (lladdr !== undefined) neighbour.lladdr = lladdr;
    value.push(neighbour);
  }
  return { value, errors };
}
