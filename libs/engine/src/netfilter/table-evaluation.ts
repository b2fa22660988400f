import type { Decide } from '../branches/choice-point';
import type { IptablesTableName } from '@hookpath/model';
import type { CtView } from '../conntrack/ct-view';
import type { Packet } from '../packet/packet';
import type { TraceStep } from '../trace/trace';
import type { Hook } from '../packet/hooks';

/** inet_addr_type()/RTN_* of an address, as `-m addrtype` compares it. */
export type AddressType =
  | 'UNSPEC'
  | 'UNICAST'
  | 'LOCAL'
  | 'BROADCAST'
  | 'ANYCAST'
  | 'MULTICAST'
  | 'BLACKHOLE'
  | 'UNREACHABLE'
  | 'PROHIBIT'
  | 'THROW'
  | 'NAT'
  | 'XRESOLVE';

/** What netfilter needs to know about the host beyond its rules; the routing side provides it. */
export interface NetfilterEnvironment {
  /** The address type through the local table; with `limitIface`, as `--limit-iface-in/out` restricts it. */
  addressType(address: string, limitIface?: string): AddressType;
  /** MASQUERADE's new source for this egress interface and next hop (the kernel's inet_select_addr), null when none. */
  masqueradeSource(outIface: string, nexthop: string): string | null;
  /** REDIRECT's new destination: the primary address of the incoming interface, 127.0.0.1 for locally generated packets. */
  redirectDestination(inIface: string | null): string | null;
}

/** A translation chosen by the nat table for a connection's first packet. */
export interface NatManip {
  kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT';
  /**
   * The address written into the packet: of a range, the one the kernel's hash picks
   * (find_best_ips_proto); the packet's own when it is already in a source range.
   */
  address: string;
  /** The port written, or null when the port is kept (already in the rule's range, or no range). */
  port: number | null;
  /** The rule that chose it, iptables-save text. */
  rule: string;
  random: boolean;
  persistent: boolean;
  randomFully: boolean;
}

export interface TableInput {
  host: string;
  table: IptablesTableName;
  hook: Hook;
  inIface: string | null;
  outIface: string | null;
  /** Next hop of the routing decision (POSTROUTING), for MASQUERADE's source choice. */
  nexthop: string | null;
  packet: Packet;
  /** The packet's connection; null when conntrack is not active in this namespace. */
  ct: CtView | null;
  env: NetfilterEnvironment;
  /**
   * The socket owner of a locally generated packet (`-m owner`): null when the packet has no local
   * socket (forwarded, or sent by the kernel itself). When absent, a locally generated packet's
   * socket is taken to belong to root (uid 0, gid 0), and the step says so.
   */
  owner?: { uid: number; gid: number } | null;
  /**
   * Bridge ports of a bridged packet (`-m physdev`, br_netfilter): `bridged` says the packet went
   * through a bridge at all (the kernel's nf_bridge info exists). Absent: not bridged.
   */
  physdev?: { in: string | null; out: string | null; bridged: boolean };
  /** Answers choices such as `-m statistic --mode random`; absent: the first alternative. */
  decide?: Decide;
}

export type TableVerdict = 'ACCEPT' | 'DROP' | 'REJECT' | 'UNKNOWN';

export interface TableResult {
  verdict: TableVerdict;
  /** The packet after MARK, NAT and other rewrites of this table. */
  packet: Packet;
  /** The matched rules and the policy, in evaluation order (TRACE-CONTRACT.md). */
  steps: TraceStep[];
  /** Set when the nat table chose a translation. */
  nat: NatManip | null;
  /** The connection mark after CONNMARK, when a rule changed it. */
  ctMark: number | null;
  /** Set by `-j CT --notrack` / `-j NOTRACK` in raw. */
  notrack: boolean;
  /** The conntrack zone `-j CT --zone N` (raw) gave the packet; null when no rule set one. */
  ctZone: number | null;
  /** `--reject-with` of a REJECT verdict. */
  rejectWith: string | null;
  /** TPROXY: the local socket the packet is handed to. */
  tproxy: { address: string; port: number } | null;
  /** For UNKNOWN: the match or target the engine could not evaluate, and where. */
  unknown: string | null;
  /** False when the nat table was not consulted (not the first packet, or no conntrack). */
  consulted: boolean;
}
