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
  /** A packet looped back through lo keeps the connection it had (no new lookup). */
  keepConnection: boolean;
  tproxy: { address: string; port: number } | null;
  /** The output route is a broadcast one: the frame goes to every station of the link. */
  broadcast: boolean;
}

export function newPass(node: CompiledHost, packet: Packet, inIface: string | null): HostPass {
  return { node, packet, inIface, outIface: null, nexthop: null, tracked: null, notrack: false, keepConnection: false, tproxy: null, broadcast: false };
}
