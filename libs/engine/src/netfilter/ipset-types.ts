import type { IpsetMember } from '@hookpath/model';

export type SetDimension = 'ip' | 'net' | 'port' | 'mac' | 'iface' | 'mark' | 'set';

/**
 * One dimension's value of a packet for a set lookup: an address (unsigned 32-bit), a port key
 * (`proto << 16 | port`; the bare port in bitmap:port), a mark, a MAC or interface name; null when
 * the packet has none (no interface on that side), which never matches.
 */
export type ProbeValue = number | string | null;

export interface CompiledSet {
  name: string;
  /** As listed: `hash:ip,port`. */
  type: string;
  method: 'hash' | 'bitmap' | 'list';
  dimensions: SetDimension[];
  /** inet6 sets never match IPv4 packets; list:set has no family of its own. */
  family: 'inet' | 'inet6' | null;
  /** hash types with a net dimension honour `nomatch` entries (IPSET_TYPE_NOMATCH). */
  nomatch: boolean;
  /** `markmask` of hash:ip,mark (all ones otherwise). */
  markmask: number;
  /** Why the engine cannot evaluate this set, or null. */
  unsupported: string | null;
  /** The member sets of a list:set, in order (names that are not sets of the host are left out). */
  members: CompiledSet[];
  /** The most specific member containing the probe (hash:net order: longest prefixes first), or null. */
  lookup(probe: readonly ProbeValue[]): IpsetMember | null;
}
