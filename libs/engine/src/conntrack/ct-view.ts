import type { L4Protocol } from '../packet/packet';

export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export interface CtTuple {
  proto: L4Protocol;
  src: string;
  dst: string;
  /** Ports, or the ICMP id in both for icmp (as conntrack keys echo requests). */
  sport: number;
  dport: number;
}

/** What netfilter matches (`-m conntrack`, `-m state`, `-m connmark`) see of the packet's connection. */
export interface CtView {
  state: CtState;
  direction: 'ORIGINAL' | 'REPLY';
  /** False only for the first packet of a connection: the nat table runs only then. */
  confirmed: boolean;
  original: CtTuple;
  reply: CtTuple;
  status: { seenReply: boolean; assured: boolean; snat: boolean; dnat: boolean; expected: boolean };
  /** Why the snapshot cannot tell whether the packet made its connection ASSURED (`--ctstatus ASSURED` is then undecided). */
  assuredUnknown?: string;
  mark: number;
  /** The snapshot's conntrack -L line, when the connection came from conntrack.txt. */
  entry: string | null;
}
