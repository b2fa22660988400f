export interface ConntrackTuple {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  /** ICMP type, code and id. */
  type?: number;
  code?: number;
  id?: number;
  packets?: number;
  bytes?: number;
  /**
   * This direction's own conntrack zone (`zone-orig=` / `zone-reply=` in the tuple, set by
   * `-j CT --zone-orig` / `--zone-reply`); absent when the entry's `zone` covers both directions.
   */
  zone?: number;
}

export interface ConntrackEntry {
  family: 'ipv4' | 'ipv6';
  protocol: string;
  protoNum: number;
  timeout?: number;
  /** TCP / SCTP state (`ESTABLISHED`, `SYN_SENT`, ...); absent for udp and icmp. */
  state?: string;
  original: ConntrackTuple;
  reply: ConntrackTuple;
  unreplied: boolean;
  assured: boolean;
  mark?: number;
  zone?: number;
  use?: number;
  id?: number;
  secctx?: string;
  /** The line as printed, for evidence in traces and diagnoses. */
  text: string;
  line: number;
}
