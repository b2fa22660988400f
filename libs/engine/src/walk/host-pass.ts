import type { Tracked } from '../conntrack/track';
import type { Packet } from '../packet/packet';
import type { CompiledHost } from './compiled';

/** A packet's passage through one host: what the hooks read and change. */
export interface HostPass {
  node: CompiledHost;
  packet: Packet;
  inIface: string | null;
  outIface: string | null;
  /** rt_nexthop of the routing decision (gateway or destination), for MASQUERADE. */
  nexthop: string | null;
  /** Conntrack's view; null while conntrack has not run (or is inactive in this namespace). */
  tracked: Tracked | null;
  /** Set by NOTRACK in raw: conntrack leaves the packet alone. */
  notrack: boolean;
  /** The conntrack zone set by `-j CT --zone` in raw; 0 without one. */
  ctZone: number;
  /** A packet looped back through lo keeps the connection it had (no new lookup). */
  keepConnection: boolean;
  tproxy: { address: string; port: number } | null;
  /** The output route is a broadcast one: the frame goes to every station of the link. */
  broadcast: boolean;
  /** Bridge ports for `-m physdev` when br_netfilter passes the packet to iptables; null otherwise. */
  physdev: { in: string | null; out: string | null; bridged: boolean } | null;
  /** Why the packet keeps its connection when not looped back (IPVS sends it on through LOCAL_OUT). */
  keptBecause?: string;
  /**
   * Manips nf_nat already set up for this packet's connection (nf_nat_initialized): the nat table
   * is not consulted again for them (an IPVS-forwarded packet's DST, chosen at PREROUTING).
   */
  natInitialized?: ReadonlySet<'SRC' | 'DST'>;
}

export function newPass(node: CompiledHost, packet: Packet, inIface: string | null): HostPass {
  return {
    node,
    packet,
    inIface,
    outIface: null,
    nexthop: null,
    tracked: null,
    notrack: false,
    ctZone: 0,
    keepConnection: false,
    tproxy: null,
    broadcast: false,
    physdev: null,
  };
}
