import type { Hook, Trace, TraceStep } from '@hookpath/engine';

/**
 * The canonical, versioned form of a shared incident report. Markdown and HTML are renderings of
 * it; the CLI loads it back (`hookpath report <file.json>`). Fields may be added in v1; the ones
 * below keep their names and meanings.
 */
export const REPORT_SCHEMA = 'hookpath.report/v1';

export type ReportKind = 'trace' | 'batch' | 'diff';

export const REPORT_KINDS: readonly ReportKind[] = ['trace', 'batch', 'diff'];

export type ReportProtocol = 'tcp' | 'udp' | 'icmp';

/** One flow as `hookpath trace` and the REST API take it. */
export interface ReportFlow {
  /** `<host>`, `<host>:<iface>` or `ovn:<logical-switch-port>`. */
  from: string;
  src: string;
  dst: string;
  proto: ReportProtocol;
  sport?: number;
  dport?: number;
  icmpId?: number;
  mark?: number;
  /** The IPVS or OVN load-balancer backend to follow (`ip:port`). */
  backend?: string;
  /** The OVN ECMP / reroute next hop to follow. */
  choose?: string;
  roundTrip?: boolean;
}

/** The request of a trace job as submitted. */
export interface TraceQuestion extends ReportFlow {
  snapshotId: string;
  label?: string;
  expect?: string;
}

/** A batch or diff request, reduced to what a reader needs (a batch may hold 100,000 flows). */
export interface FlowSetQuestion {
  /** The batch's snapshot. */
  snapshotId?: string;
  /** The diff's snapshots. */
  baseSnapshotId?: string;
  targetSnapshotId?: string;
  /** How many flows the request listed (generated flows come on top). */
  flows: number;
  /** Generator names (`pods-to-services`, ...). */
  generators: string[];
  expect?: string;
  /** How `expect` reads a flow with branches when the request said: `all` (every branch) or `any` (one). */
  branches?: string;
  roundTrip?: boolean;
}

export type ReportQuestion = TraceQuestion | FlowSetQuestion;

/** What one host's folder held. */
export interface CapturedHost {
  name: string;
  role: string | null;
  /** The host's files, relative to its folder (`iptables-save.txt`, `ip-route.txt`, ...). */
  files: string[];
  /** What was not captured (`iptables`, `sysctl`, `conntrack`, ...): simulated as absent, not as empty. */
  notCaptured: string[];
}

/** The snapshot the report was computed from, as it was when the report was made. */
export interface ReportSnapshot {
  id: string;
  name: string;
  cluster: string | null;
  /** snapshot.yaml's capturedAt (RFC 3339), null when the snapshot does not say. */
  capturedAt: string | null;
  hosts: string[];
  captured: {
    /** ovn/ (the northbound database) was captured. */
    ovn: boolean;
    /** k8s/ (Kubernetes objects) was captured. */
    k8s: boolean;
    hosts: CapturedHost[];
  };
}

export type HookEntryKind = 'table' | 'conntrack' | 'conntrack-confirm';

/** One function registered on a hook (the GraphQL `HookPathEntry`). */
export interface ReportHookPathEntry {
  kind: HookEntryKind;
  priority: number;
  priorityName: string;
  table: string | null;
  chain: string | null;
  policy: string | null;
  ruleCount: number;
  active: boolean;
}

/** What a packet meets on one hook of one host, in priority order (the GraphQL `HookPath`). */
export interface ReportHookPath {
  host: string;
  hook: Hook;
  entries: ReportHookPathEntry[];
}

/** The step that decided the packet's fate (see decisive-step.ts). */
export interface DecisiveStep {
  /** The direction it is in: the request, or the reply of a round trip. */
  direction: 'request' | 'reply';
  /** 1-based position among that direction's steps. */
  number: number;
  step: TraceStep;
  /** The rule quoted word for word: the iptables rule, the OVN row; null when no rule decided. */
  rule: string | null;
  /** The fate of that direction. */
  outcome: Trace['disposition'];
}

/** A flow of a batch that failed its expectation, or (without expectations) did not get through. */
export interface ReportBatchFlow {
  index: number;
  label: string | null;
  flow: ReportFlow;
  expect: string | null;
  passed: boolean | null;
  /** Null when the flow could not be traced (`error` says why). */
  disposition: string | null;
  dropReason: string | null;
  endHost: string | null;
  /** The engine's refusal (unknown host, bad packet), when the flow could not be traced. */
  error: string | null;
  /** Diagnosis codes. */
  diagnosis: string[];
  /** Null when the batch kept no trace of the flow. */
  decisive: DecisiveStep | null;
  /** The diagnoses' fixes. */
  fixes: string[];
}

export interface ReportBatch {
  summary: {
    total: number;
    byDisposition: Record<string, number>;
    expectations: { passed: number; failed: number; unchecked: number };
  };
  flows: ReportBatchFlow[];
  /** Flows of the same kind left out past the report's limit, counted. */
  flowsOmitted: number;
}

/** One side of a changed flow. */
export interface ReportFlowOutcome {
  disposition: string | null;
  dropReason: string | null;
  endHost: string | null;
  /** The engine's refusal on this side. */
  error: string | null;
  reply?: { disposition: string; dropReason: string | null; endHost: string | null };
}

export interface ReportChangedFlow {
  index: number;
  label: string | null;
  from: string;
  packet: { src: string; dst: string; proto: string; sport?: number; dport?: number; icmpId?: number };
  /** What changed: `disposition`, `path`, `translation`. */
  changes: string[];
  base: ReportFlowOutcome;
  target: ReportFlowOutcome;
}

export interface ReportStructuralChange {
  kind: string;
  host: string | null;
  /** Where, in the snapshot's terms (`nat EXCLUSIVE_SNAT #1`, `route main 10.0.0.0/8`, an OVN path). */
  where: string;
  before: string | null;
  after: string | null;
}

export interface ReportDiff {
  hosts: { added: string[]; removed: string[]; changed: string[] };
  changes: ReportStructuralChange[];
  changesOmitted: number;
  totals: { flows: number; unchanged: number; changed: number };
  groups: {
    cause: { kind: string; host: string; description: string; base: string | null; target: string | null };
    count: number;
    flows: ReportChangedFlow[];
  }[];
  /** Changed flows left out past the report's limit, counted. */
  flowsOmitted: number;
}

/** Something the snapshot did not hold that the answer depends on. */
export interface ReportLack {
  /** The host it concerns; null for the snapshot as a whole. */
  host: string | null;
  what: string;
}

export interface ReportDocument {
  schema: typeof REPORT_SCHEMA;
  id: string;
  title: string;
  /** RFC 3339. */
  createdAt: string;
  /** RFC 3339; the share link answers nothing after it. */
  expiresAt: string;
  kind: ReportKind;
  question: ReportQuestion;
  /** The trace's snapshot; for a diff, the target snapshot. */
  snapshot: ReportSnapshot;
  /** A diff's base snapshot. */
  baseSnapshot?: ReportSnapshot;
  /** The whole trace document (TRACE-CONTRACT.md) of a trace report. */
  trace?: Trace;
  batch?: ReportBatch;
  diff?: ReportDiff;
  /** The registered tables of every hook of every host the trace crossed, frozen from the snapshot. */
  hookPaths: ReportHookPath[];
  /** The command that computes the same answer again. */
  command: string;
  lacks: ReportLack[];
}
