import type { OvnHop } from './ovn-hop';
import type { HookEntry } from '../netfilter/hook-priorities';
import type { Hook } from '../packet/hooks';
import type { Packet } from '../packet/packet';
import type { AttachedConnection } from './error-reply';
import type { HostPass } from './host-pass';
import type { Outcome, Walk } from './walk';

export interface MadePacket {
  /** `ICMP ... sent by the kernel of srv (REJECT in INPUT)`: the start of its first routing step. */
  why: string;
  attached: AttachedConnection | null;
}

/** Where a packet is handed to a host: arriving on an interface, or sent by a local process. */
export type Position =
  /**
   * `l2Target`: the address the sender resolved for the frame (its next hop), when known;
   * `broadcast`: the frame went to the link-layer broadcast address (an IP broadcast route).
   */
  | { kind: 'arrive'; host: string; iface: string; packet: Packet; l2Target?: string; broadcast?: boolean }
  /** `made`: a packet the kernel makes itself (an ICMP error or reset), with why and the connection it joins. */
  | { kind: 'originate'; host: string; packet: Packet; made?: MadePacket }
  /** In the OVN logical topology, between two pipeline passes. */
  | { kind: 'ovn'; hop: OvnHop };

export type Advance = Position | Outcome;

/**
 * The last steps of a packet in a host: POSTROUTING, then out of an interface (or back in through
 * lo). The driver hands it down to the hooks that send a packet on themselves (IPVS's
 * transmitters), so they call it without importing the egress that leads back to them.
 */
export type SendOut = (walk: Walk, pass: HostPass) => Advance;

/** Called after each hook entry with the packet before it: OUTPUT re-routes from here. */
export type AfterEntry = (entry: HookEntry, before: Packet) => Outcome | null;

/** Runs a netfilter hook of the host (conntrack and the tables at their priorities) on a pass. */
export type RunHook = (walk: Walk, pass: HostPass, hook: Hook, after?: AfterEntry) => Outcome | null;

/**
 * What the Linux pipeline lends the hooks that send a packet on themselves (IPVS's transmitters):
 * its netfilter hooks and its way out, so they run them without importing the pipeline that calls them.
 */
export interface Onward {
  runHook: RunHook;
  sendOut: SendOut;
}

export function isOutcome(value: Advance): value is Outcome {
  return 'disposition' in value;
}
