/**
 * The `shares` of observed.json: where the kernel sent each of many flows that differ only by
 * their source port (lib-shares.sh, tools/spread.py), compared with the engine's branches by
 * compare/branch-shares.ts.
 */

import type { EngineRequest, Observed } from './observed';

/**
 * Where a flow ended, in the engine's words: `DELIVERED <host>` (a server in that namespace
 * accepted it) or `EXITED <host>:<iface>` (it left the snapshot through that interface).
 */
export type EndKey = string;

/** The addresses the flows that ended at one place arrived with (all of them the same). */
export interface EndAddresses {
  dst: string;
  dport?: number;
}

export interface ObservedShares {
  id: string;
  /** The snapshot folder, relative to the scenario's output folder. */
  snapshot: string;
  /** The first flow; the others differ only by their source port. No option pins a branch. */
  request: EngineRequest;
  /** Flows sent, each seen at exactly one place. */
  samples: number;
  /** Per place, how many of the flows ended there. */
  seen: Record<EndKey, number>;
  addresses: Record<EndKey, EndAddresses>;
}

/** observed.json of a scenario with share cases. */
export interface ObservedWithShares extends Observed {
  shares?: ObservedShares[];
}
