import type { Host } from '@hookpath/model';
import type { AddressType, NetfilterEnvironment } from './table-evaluation';
import { parseIpv4, parsePrefix, prefixContains } from '../net/ipv4';
import { addressOwner, findInterface, inetSelectAddr, ipv4AddressesOf } from '../routing/addresses';
import { SCOPE_UNIVERSE, type Fib } from '../routing/fib';
import { lookupTable } from '../routing/fib-lookup';
import { flowTo } from '../routing/nexthop';

const MULTICAST = parsePrefix('224.0.0.0/4');

/**
 * inet_addr_type / inet_dev_addr_type: the type of the local-table route covering the address
 * (UNICAST when none does); with a device, a route on another device counts as UNICAST.
 */
export function addressType(host: Host, fib: Fib | null, address: string, limitIface?: string): AddressType {
  const value = parseIpv4(address);
  if (value === null) return 'UNSPEC';
  if (value === 0 || value === 0xffffffff) return 'BROADCAST';
  if (MULTICAST !== null && prefixContains(MULTICAST, value)) return 'MULTICAST';
  const local = fib?.tables.get('local');
  if (fib === null || local === undefined) {
    const owner = addressOwner(host, value);
    return owner !== null && (limitIface === undefined || owner.iface === limitIface) ? 'LOCAL' : 'UNICAST';
  }
  const hit = lookupTable(local, flowTo(value, SCOPE_UNIVERSE, null));
  if (hit.kind === 'miss') return 'UNICAST';
  if (limitIface !== undefined && !hit.route.nexthops.some((nh) => nh.dev === limitIface)) return 'UNICAST';
  switch (hit.route.type) {
    case 'unicast':
      return 'UNICAST';
    case 'local':
      return 'LOCAL';
    case 'broadcast':
      return 'BROADCAST';
    case 'multicast':
      return 'MULTICAST';
    case 'anycast':
      return 'ANYCAST';
    case 'nat':
      return 'NAT';
    case 'blackhole':
      return 'BLACKHOLE';
    case 'unreachable':
      return 'UNREACHABLE';
    case 'prohibit':
      return 'PROHIBIT';
    case 'throw':
      return 'THROW';
    default: {
      const unreachable: never = hit.route.type;
      return unreachable;
    }
  }
}

/** nf_nat_masquerade_ipv4: inet_select_addr(out, nexthop, RT_SCOPE_UNIVERSE); null drops the packet. */
export function masqueradeSource(host: Host, outIface: string, nexthop: string): string | null {
  return inetSelectAddr(host, outIface, parseIpv4(nexthop) ?? 0, SCOPE_UNIVERSE)?.address ?? null;
}

/** nf_nat_redirect_ipv4: 127.0.0.1 for locally generated packets, else the first address of the incoming device. */
export function redirectDestination(host: Host, inIface: string | null): string | null {
  if (inIface === null) return '127.0.0.1';
  const iface = findInterface(host, inIface);
  if (iface === undefined) return null;
  return ipv4AddressesOf(iface)[0]?.address ?? null;
}

export function netfilterEnvironment(host: Host, fib: Fib | null): NetfilterEnvironment {
  return {
    addressType: (address, limitIface) => addressType(host, fib, address, limitIface),
    masqueradeSource: (outIface, nexthop) => masqueradeSource(host, outIface, nexthop),
    redirectDestination: (inIface) => redirectDestination(host, inIface),
  };
}
