import type { Disposition, PacketSpec } from '@hookpath/engine';

/** One flow to trace on both snapshots: the engine's TraceRequest plus round trip and a label. */
export interface DiffFlow {
  /** `<host>`, `<host>:<iface>` or `ovn:<logical-switch-port>` (TRACE-CONTRACT.md). */
  from: string;
  packet: PacketSpec;
  roundTrip?: boolean;
  label?: string;
  /** Pins one branch on both snapshots: the backend (`ip:port`) or the choice (`--choose`) to follow. */
  backend?: string;
  choose?: string;
}

/**
 * What a trace came to, small enough to store per flow for a batch: the fate, where and with which
 * header it ended, the diagnoses and the path signature (see path-signature.ts).
 */
export interface FlowOutcome {
  disposition: Disposition;
  dropReason: string | null;
  endHost: string | null;
  endIface: string | null;
  src: string | null;
  dst: string | null;
  sport: number | null;
  dport: number | null;
  diagnosis: string[];
  path: string;
  /** The answer's outcome, for a round trip that produced one. */
  reply?: FlowOutcome;
  /** For a round trip: whether the answer came back to the sender, in one sentence. */
  roundTrip?: { established: boolean; summary: string };
  /**
   * Every leaf of the trace's tree of choices (TRACE-CONTRACT "Branches"), each summarized the same
   * way; absent when the trace met no choice the snapshot leaves open. The fields above are the most
   * likely leaf's.
   */
  branches?: FlowBranch[];
  /** Leaves past the engine's limit, counted but not listed (set with `branches`). */
  branchesOmitted?: number;
}

/** One leaf of a flow's trace, summarized like the flow, with what leads there. */
export interface FlowBranch extends Omit<FlowOutcome, 'branches' | 'branchesOmitted'> {
  /** 1-based position in the trace's `branches`, as `hookpath trace` numbers the leaves. */
  branch: number;
  probability: number;
  /** The choices that lead there, in order: `node-1 ipvs 10.253.3.5:8000, ...` (empty for a trace without choices). */
  choices: string;
}

/** A flow the engine could not trace on one side (unknown host, bad packet, ...). */
export interface FlowError {
  /** TraceRequestError's code (`UNKNOWN_HOST`, `BAD_PACKET`, ...), or `INTERNAL`. */
  error: string;
  message: string;
}

export type FlowResult = FlowOutcome | FlowError;

export const isFlowError = (r: FlowResult): r is FlowError => 'error' in r;

/**
 * What differs between a flow's two outcomes: the fate, path or final header of the most likely leaf
 * or of a leaf both sides have (`disposition`, `path`, `translation`), or the set of leaves itself
 * (`branches`: a leaf appeared or disappeared, its probability changed, or a different number is omitted).
 */
export type FlowChange = 'disposition' | 'path' | 'translation' | 'branches';
