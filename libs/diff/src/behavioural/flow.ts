import type { Disposition, PacketSpec } from '@hookpath/engine';

/** One flow to trace on both snapshots: the engine's TraceRequest plus round trip and a label. */
export interface DiffFlow {
  /** `<host>`, `<host>:<iface>` or `ovn:<logical-switch-port>` (TRACE-CONTRACT.md). */
  from: string;
  packet: PacketSpec;
  roundTrip?: boolean;
  label?: string;
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
}

/** A flow the engine could not trace on one side (unknown host, bad packet, ...). */
export interface FlowError {
  /** TraceRequestError's code (`UNKNOWN_HOST`, `BAD_PACKET`, ...), or `INTERNAL`. */
  error: string;
  message: string;
}

export type FlowResult = FlowOutcome | FlowError;

export const isFlowError = (r: FlowResult): r is FlowError => 'error' in r;

/** What differs between a flow's two outcomes. */
export type FlowChange = 'disposition' | 'path' | 'translation';
