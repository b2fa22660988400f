import type { InterfaceAddress } from '@hookpath/model';
import { isIpAddress } from '../ip-common';
import type { JsonFields } from '../ip-common';
import { ADDRESS_FLAGS, unnamedFlags } from './address-flags';

/**
 * One `addr_info` element of `ip -j addr show`. `local` is the interface's own address; `address`
 * is printed only when it differs (the `peer` of a point-to-point address). Flags are boolean keys
 * in print order (`"secondary": true`, `"dynamic": true`, ...). Returns null for non-IP families.
 */
export function addressFromJson(fields: JsonFields): InterfaceAddress | null {
  const family = fields.string('family');
  if (family !== 'inet' && family !== 'inet6') return null;
  const local = fields.string('local') ?? fields.string('address');
  const prefixLen = fields.number('prefixlen');
  if (local === undefined || !isIpAddress(local)) {
    fields.invalid('local', 'missing or not an IP address');
    return null;
  }
  if (prefixLen === undefined) {
    fields.invalid('prefixlen', 'missing');
    return null;
  }
  const result: InterfaceAddress = {
    family,
    address: local,
    prefixLen,
    scope: fields.text('scope') ?? '',
    secondary: false,
    flags: [],
  };
  const peer = fields.string('address');
  if (fields.has('local') && peer !== undefined && peer !== local) result.peer = peer;
  result.broadcast = fields.string('broadcast');
  for (const [key, value] of Object.entries(fields.object)) {
    if (value !== true || !ADDRESS_FLAGS.has(key)) continue;
    if (key === 'secondary') result.secondary = true;
    else result.flags.push(key);
  }
  const unnamed = fields.string('ifa_flags');
  if (unnamed !== undefined) result.flags.push(unnamedFlags(unnamed));
  result.label = fields.string('label');
  return result;
}
