/**
 * The `shares` of observed.json: where the kernel sent each of many flows that differ only by
 * their source port (lib-shares.sh, tools/spread.py), compared with the engine's branches by
 * compare/branch-shares.ts.
 */

import type { EngineRequest, Observed } from './observed';

/**
 * Where a flow ended and with which addresses, in the engine's words: `DELIVERED <host> <dst>:<dport>`
 * (a server in that namespace accepted it), `EXITED <host>:<iface> <dst>:<dport>` (it left the
 * snapshot through that interface, as a sniffer beyond it saw it) or
 * `DROPPED (<REASON>) <host> <dst>:<dport>` (no place saw it, and the dropping rule counted it).
 */
export type EndKey = string;

export interface ObservedShares {
  id: string;
  /** The snapshot folder, relative to the scenario's output folder. */
  snapshot: string;
  /** The first flow; the others differ only by their source port. No option pins a branch. */
  request: EngineRequest;
  /** Flows sent, each seen at exactly one place. */
  samples: number;
  /** Per end, how many of the flows ended there. */
  seen: Record<EndKey, number>;
}

/** observed.json of a scenario with share cases. */
export interface ObservedWithShares extends Observed {
  shares?: ObservedShares[];
}
