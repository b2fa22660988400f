import type { ConntrackEntry } from './conntrack';
import type { IpRule } from './ip-rule';
import type { IptablesRuleset } from './iptables';
import type { Ipset } from './ipset';
import type { IpvsService } from './ipvs';
import type { HostMeta } from './meta';
import type { FdbEntry, Neighbour } from './neighbour';
import type { NetInterface } from './interface';
import type { OvsInterface } from './ovs-interface';
import type { Route } from './route';

/**
 * One network namespace. A field is null when its file was not captured ("not captured" is not
 * "empty": an empty file gives an empty list).
 */
export interface Host {
  name: string;
  meta: HostMeta;
  interfaces: NetInterface[] | null;
  routes: Route[] | null;
  rules: IpRule[] | null;
  /** `key = value` lines of `sysctl -a`, keys in dotted form. */
  sysctls: Record<string, string> | null;
  iptables: IptablesRuleset | null;
  ipsets: Ipset[] | null;
  conntrack: ConntrackEntry[] | null;
  ipvs: IpvsService[] | null;
  fdb: FdbEntry[] | null;
  neighbours: Neighbour[] | null;
  /** `ovs-interfaces.json` (`ovs-vsctl -f json list Interface`) of a node running OVS; absent when not captured. */
  ovsInterfaces?: OvsInterface[];
  /** The snapshot paths this host was read from. */
  files: string[];
}
