import type { FdbEntry, ParseResult } from '@hookpath/model';
import { topLevelObjects } from '../ip-common';
import { parseJsonDocument } from '../json-document';

/**
 * Parses `bridge -j fdb show`. `ifname` becomes `dev`. iproute2 prints the state as `permanent`,
 * `static`, `stale`, or an empty string for a learnt (reachable) entry, which is left out here.
 */
export function parseBridgeFdbJson(content: string, file: string): ParseResult<FdbEntry[]> {
  const document = parseJsonDocument(content, file);
  if (!document.ok) return { value: [], errors: [document.issue] };
  const errors: ParseResult<FdbEntry[]>['errors'] = [];
  const value: FdbEntry[] = [];
  for (const fields of topLevelObjects(document.value, file, errors)) {
    const mac = fields.string('mac');
    const dev = fields.string('ifname');
    if (mac === undefined || dev === undefined) {
      fields.invalid(mac === undefined ? 'mac' : 'ifname', 'missing');
      continue;
    }
    const entry: FdbEntry = { mac, dev, flags: fields.strings('flags') };
    const master = fields.string('master');
    const vlan = fields.number('vlan');
    const dst = fields.string('dst');
    const state = fields.string('state');
    if (master !== undefined) entry.master = master;
    if (vlan !== undefined) entry.vlan = vlan;
    if (dst !== undefined) entry.dst = dst;
    if (state !== undefined && state !== '') entry.state = state;
    value.push(entry);
  }
  return { value, errors };
}
