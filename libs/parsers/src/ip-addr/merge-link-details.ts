import type { NetInterface } from '@hookpath/model';
import { shapeInterface } from '../ip-link/interface-shape';

/** Fields only `ip -d link` / `ip -j -d link` print in detail. */
const DETAIL_FIELDS = ['macvlanMode', 'vlanId', 'vlanProtocol', 'bridge', 'bridgePort'] as const;
/** Fields both outputs print; the address output's value wins, the link output fills gaps. */
const SHARED_FIELDS = ['mac', 'mtu', 'operState', 'master', 'link', 'linkIndex', 'linkNetnsId'] as const;

/**
 * Enriches the interfaces of an `ip addr` capture with the details of an `ip link` capture of the
 * same namespace, matched by ifindex: the link kind (when the address output only knew the
 * link-layer type, `ether`), macvlan mode, VLAN, bridge and bridge-port attributes. Interfaces that
 * only the link capture lists are appended with no addresses.
 */
export function mergeLinkDetails(addrIfaces: NetInterface[], linkIfaces: NetInterface[]): NetInterface[] {
  const links = new Map(linkIfaces.map((iface) => [iface.ifindex, iface]));
  const merged = addrIfaces.map((addr) => {
    const link = links.get(addr.ifindex);
    if (link === undefined) return addr;
    const result: NetInterface = { ...addr };
    if (addr.kind === 'ether' || (link.kind !== 'ether' && link.kind !== addr.kind)) result.kind = link.kind;
    for (const key of DETAIL_FIELDS) if (link[key] !== undefined) Object.assign(result, { [key]: link[key] });
    for (const key of SHARED_FIELDS) if (result[key] === undefined && link[key] !== undefined) Object.assign(result, { [key]: link[key] });
    if (result.flags.length === 0) result.flags = link.flags;
    return shapeInterface(result);
  });
  const known = new Set(addrIfaces.map((iface) => iface.ifindex));
  for (const link of linkIfaces) if (!known.has(link.ifindex)) merged.push(shapeInterface({ ...link, addresses: [] }));
  return merged;
}
