import type { Hook } from '../packet/hooks';
import type { L4Protocol, TcpFlag } from '../packet/packet';

/** The trace document of TRACE-CONTRACT.md: the same for the CLI, REST, GraphQL and reports. */

export type StepKind = 'netfilter' | 'conntrack' | 'routing' | 'rp_filter' | 'bridge' | 'ipvs' | 'ovn' | 'interface' | 'deliver' | 'drop';

export type Disposition = 'DELIVERED' | 'EXITED' | 'DROPPED' | 'REJECTED' | 'UNKNOWN';

export type DropReason =
  | 'RULE'
  | 'POLICY'
  | 'RP_FILTER'
  | 'NO_ROUTE'
  | 'BLACKHOLE'
  | 'UNREACHABLE'
  | 'PROHIBIT'
  | 'TTL_EXCEEDED'
  | 'NO_NEIGHBOR'
  | 'LOOP'
  | 'NOT_FORWARDING'
  | 'OVN_ACL'
  | 'OVN_NO_ROUTE'
  | 'OVN_POLICY'
  | 'OVN_DISCARD'
  | 'OVN_PORT_SECURITY'
  | 'OVN_ADMISSION'
  | 'OVN_L2_UNKNOWN'
  | 'OVN_ROUTER_IP'
  | 'OVN_LB_NO_BACKEND'
  | 'INVALID_CONNTRACK';

/** Netfilter verdicts and actions as steps name them. */
export type Verdict =
  | 'ACCEPT'
  | 'DROP'
  | 'REJECT'
  | 'RETURN'
  | 'JUMP'
  | 'GOTO'
  | 'CONTINUE'
  | 'DNAT'
  | 'SNAT'
  | 'MASQUERADE'
  | 'REDIRECT'
  | 'MARK'
  | 'CONNMARK'
  | 'NOTRACK'
  | 'TPROXY'
  | 'LOG'
  | 'POLICY_ACCEPT'
  | 'POLICY_DROP'
  | 'UNKNOWN';

/** The packet's header fields after a step, as the contract prints them. */
export interface PacketView {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  mark: string;
  ttl: number;
  /** The frame's MACs, where a step sends or switches one (OVN steps, Linux egress). */
  ethSrc?: string;
  ethDst?: string;
  /** ICMP errors only: their type and code, and the header they quote as it is at this point. */
  icmpType?: number;
  icmpCode?: number;
  inner?: InnerView;
}

/** The header an ICMP error quotes: ports for tcp and udp, the id of a quoted ICMP echo. */
export interface InnerView {
  proto: L4Protocol;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  icmpId?: number;
}

/** The northbound row behind an OVN step, and the kube-ovn object that owns it when known. */
export interface OvnStepObject {
  table: string;
  uuid: string | null;
  text: string;
  owner: string | null;
}

export interface TraceStep {
  host: string;
  kind: StepKind;
  hook?: Hook;
  priority?: number;
  table?: string;
  chain?: string;
  /** iptables-save text of the matched rule; null for a policy. */
  rule?: string | null;
  /**
   * Netfilter rule steps: 1-based line of `rule` in the host's iptables file (iptables-save.txt, or
   * iptables-<table>.txt for a capture in `iptables -S` form); absent for a policy.
   */
  line?: number;
  verdict?: Verdict;
  /** Interface the step concerns (arrival, departure, route device); for OVN, the logical port the packet leaves by. */
  iface?: string;
  /** OVN steps: the logical datapath (switch or router). */
  datapath?: string;
  /** OVN steps: the ovn-northd stage (ls_in_acl, lr_in_dnat, lr_out_snat, ...). */
  stage?: string;
  /** OVN steps: the northbound row that decided. */
  object?: OvnStepObject;
  /** OVN steps: the chassis the stage runs on, when it matters. */
  chassis?: string;
  packetAfter?: PacketView;
  explanation: string;
}

export interface ConntrackSummary {
  state: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';
  /** The conntrack -L line it matched, when the entry came from the snapshot. */
  entry: string | null;
}

export interface Diagnosis {
  code: string;
  message: string;
  /** The fix as commands (`in <host>: <command>`; alternatives separated by `; or `). */
  fix: string | null;
  /** The host the cause is on, when it is one host. */
  host?: string;
  /** The steps and snapshot lines the diagnosis rests on. */
  evidence?: string[];
}

/** One observation about the two directions of a round trip. */
export interface RoundTripFinding {
  code: string;
  message: string;
  host: string | null;
}

/** The combined outcome of `--round-trip`: would the connection establish? */
export interface RoundTripOutcome {
  established: boolean;
  summary: string;
  findings: RoundTripFinding[];
}

export interface Trace {
  packet: {
    src: string;
    dst: string;
    proto: L4Protocol;
    sport?: number;
    dport?: number;
    icmpId?: number;
    mark?: string;
    /** An ICMP error coming back (TRACE-CONTRACT "ICMP errors and resets coming back"): type, code and quoted header. */
    icmpType?: number;
    icmpCode?: number;
    inner?: InnerView;
    /** The TCP flags the request gave (`--tcp-flags`), or those of a TCP reset coming back (RST, or RST,ACK). */
    tcpFlags?: TcpFlag[];
  };
  disposition: Disposition;
  /** Set when DROPPED (a DropReason) or UNKNOWN (what the snapshot lacks). */
  dropReason: DropReason | string | null;
  steps: TraceStep[];
  /** The first host's conntrack view of the packet, when conntrack ran there. */
  conntrack: ConntrackSummary | null;
  diagnosis: Diagnosis[];
  /** Where the packet ended: the host (and interface for EXITED). */
  end: { host: string; iface: string | null; packet: PacketView } | null;
  reply?: Trace;
  /** Set on the request's document when the trace ran with `--round-trip`. */
  roundTrip?: RoundTripOutcome;
  /**
   * Every leaf of the tree of choices the snapshot does not fix (TRACE-CONTRACT "Branches"); absent
   * when the trace met no such choice. The fields above describe the most likely leaf.
   */
  branches?: TraceBranch[];
  /** Leaves past the limit, counted but not listed (set with `branches`). */
  branchesOmitted?: number;
}

/** One decision on the way to a leaf. */
export interface TraceChoice {
  host: string;
  kind: 'statistic' | 'ipvs' | 'multipath' | 'ovn-lb' | 'ovn-ecmp';
  rule?: string;
  chosen: string;
  among: string[];
  /** The chosen alternative's share (its weight over the sum); absent when pinned by --backend/--choose. */
  weight?: number;
}

/** A full trace document for one leaf, with the choices that lead there and their probability. */
export type TraceBranch = { probability: number; choices: TraceChoice[] } & Omit<Trace, 'branches' | 'branchesOmitted'>;
