/** observed.json: what the kernel did in one conformance scenario (written by lib.sh + observe-cli). */

import type { TcpFlag } from '@hookpath/engine';

/** The verdict part of an `xtables-monitor --trace` line (`rule:0x6:JUMP:UC`, `policy:ACCEPT`). */
export type KernelVerdict = 'ACCEPT' | 'DROP' | 'CONTINUE' | 'JUMP' | 'GOTO' | 'RETURN' | 'QUEUE' | 'STOLEN' | 'REPEAT' | 'STOP';

/** One line of `xtables-monitor --trace` for the test packet, as the engine's netfilter steps are compared with it. */
export interface ObservedStep {
  table: string;
  chain: string;
  /** `-A CHAIN ...` as iptables prints it; null for a built-in chain's policy. */
  rule: string | null;
  verdict: KernelVerdict;
  /** The chain of a JUMP or GOTO. */
  target?: string;
}

/** The fields of a `PACKET:` line: where and how the packet entered the namespace. */
export interface ObservedPacket {
  in?: string;
  out?: string;
  src: string;
  dst: string;
  len?: number;
  ttl?: number;
  mark?: string;
  sport?: number;
  dport?: number;
}

/** What a listener, sniffer or sender recorded (flow.py). */
export interface SeenPacket {
  proto?: string;
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  icmpId?: number;
  /** The IP TTL on the wire (sniffers). */
  ttl?: number;
  /** TCP flag bits as the sniffer saw them (0x14: RST,ACK). */
  tcpFlags?: number;
  /** ICMP errors (`flow.py sniff --icmp-error`): type, code and the header they quote. */
  icmpType?: number;
  icmpCode?: number;
  inner?: { proto: string; src: string; dst: string; sport?: number; dport?: number; icmpType?: number; icmpId?: number };
}

export type Outcome =
  | { kind: 'delivered'; host: string; seen: SeenPacket }
  | { kind: 'left'; host: string; iface: string; seen: SeenPacket }
  | { kind: 'dropped'; host: string; reason: string; counters: Record<string, number> }
  | { kind: 'rejected'; host: string; counters: Record<string, number> };

export interface ObservedDirection {
  /** Per captured host, the netfilter steps of the first packet of this direction it traced (empty: none). */
  hosts: Record<string, ObservedStep[]>;
  /** Per host, the packet as it entered (null when the host never saw it). */
  entries: Record<string, ObservedPacket | null>;
  /** How many packets of this direction each host traced (more than one: retransmissions or loops). */
  packets: Record<string, number>;
  outcome: Outcome;
}

export interface EngineRequest {
  from: string;
  packet: {
    src: string;
    dst: string;
    proto: 'tcp' | 'udp' | 'icmp';
    sport?: number;
    dport?: number;
    icmpId?: number;
    mark?: number;
    tcpFlags?: TcpFlag[];
    ttl?: number;
  };
  roundTrip: boolean;
  /** SimulateOptions for this request: `multipath` picks the path the kernel took. */
  options?: { multipath?: number; maxHops?: number };
}

export interface ObservedCase {
  id: string;
  /** The snapshot folder, relative to the scenario's output folder. */
  snapshot: string;
  request: EngineRequest;
  forward: ObservedDirection;
  reply?: ObservedDirection;
  /** nstat counters that changed during the case, per host. */
  counters: Record<string, Record<string, number>>;
}

export interface Observed {
  scenario: string;
  cases: ObservedCase[];
}
