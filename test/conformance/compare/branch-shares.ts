import { join } from 'node:path';
import type { Trace, TraceBranch } from '@hookpath/engine';
import type { EndKey, ObservedShares } from '../observe/shares';
import { binomialAcceptance } from './binomial-bound';
import { loadSnapshot, runEngine } from './run-engine';

/**
 * How sure a share comparison must be before it calls the engine wrong. The kernel's choices are
 * random (xt_statistic draws get_random_u32 once per new connection) or a hash of the flow
 * (fib_multipath_hash, with a seed drawn at boot or set in net.ipv4.fib_multipath_hash_seed), so a
 * right engine still sees counts that stray from n * p. Each end's count is tested with the exact
 * binomial acceptance interval at alpha = (1 - SHARE_CONFIDENCE) / k for the k ends (Bonferroni):
 * a share case fails a right engine in at most 1 run in 1,000 whatever k is (for a hash with a
 * fixed seed, which gives the same counts on every run, at most 1 seed in 1,000). For n = 300 and
 * p = 1/3 (k = 3) that is 71..130 flows (shares 0.237..0.433, about +-0.097); for p = 1/4 of
 * n = 400 (k = 2) 71..131. A wrong engine is far outside: a spread that gives every rule the same
 * weight (1/2, 1/4, 1/4 instead of 1/3 each) or a multipath route without its weights (1/2
 * instead of 1/4) misses by 0.17 on the first endpoint of 43 and by 0.25 in 45.
 */
export const SHARE_CONFIDENCE = 0.999;

/** What a share comparison reads of a trace: its leaves' probabilities and ends. */
type Leaf = Pick<TraceBranch, 'probability' | 'disposition' | 'dropReason' | 'end'>;
export interface BranchedTrace extends Pick<Trace, 'disposition' | 'dropReason' | 'end' | 'branchesOmitted'> {
  branches?: Leaf[];
}

/** Where a leaf ends and with which addresses, as lib-shares.sh names the ends of the kernel's flows. */
export function endKey(leaf: Pick<Trace, 'disposition' | 'dropReason' | 'end'>): EndKey {
  const end = leaf.end;
  if (end === null) return leaf.disposition;
  const place = leaf.disposition === 'EXITED' ? `${end.host}:${end.iface ?? '?'}` : end.host;
  const how = leaf.disposition === 'DROPPED' ? `DROPPED (${leaf.dropReason ?? '?'})` : leaf.disposition;
  return `${how} ${place} ${end.packet.dst}:${end.packet.dport}`;
}

/** The engine's probability per end (leaves that end alike add up). */
function engineEnds(trace: BranchedTrace): Map<EndKey, number> {
  const leaves: Leaf[] =
    trace.branches !== undefined && trace.branches.length > 0
      ? trace.branches
      : [{ disposition: trace.disposition, dropReason: trace.dropReason, end: trace.end, probability: 1 }];
  const ends = new Map<EndKey, number>();
  for (const leaf of leaves) {
    if (leaf.probability <= 0) continue;
    const key = endKey(leaf);
    ends.set(key, (ends.get(key) ?? 0) + leaf.probability);
  }
  return ends;
}

const fixed = (x: number): string => x.toFixed(4);

/**
 * Every difference between where the kernel sent `samples` flows and the engine's branches for
 * one of them: the set of ends (each branch's disposition, where it ends and its final
 * addresses) must be the same, and each end's share of the flows must agree with the engine's
 * probability for it (SHARE_CONFIDENCE).
 */
export function compareShares(observed: ObservedShares, trace: BranchedTrace): string[] {
  const problems: string[] = [];
  if ((trace.branchesOmitted ?? 0) > 0) problems.push(`engine: ${trace.branchesOmitted} leaves omitted, the set of branches is incomplete`);
  const ends = engineEnds(trace);
  const n = observed.samples;
  const keys = [...new Set([...ends.keys(), ...Object.keys(observed.seen)])].sort();
  const alpha = (1 - SHARE_CONFIDENCE) / Math.max(1, keys.length);
  const table: string[] = [];
  let wrong = false;
  const unexpected: string[] = [];
  for (const key of keys) {
    const p = ends.get(key) ?? 0;
    const count = observed.seen[key] ?? 0;
    const { lo, hi } = binomialAcceptance(n, p, alpha);
    const ok = count >= lo && count <= hi;
    table.push(`  ${ok ? ' ' : '>'} ${key}: kernel ${count}/${n} = ${fixed(count / n)}, engine ${fixed(p)} (accepted ${lo}..${hi})`);
    if (!ok) wrong = true;
    if (p > 0 && lo === 0)
      unexpected.push(`scenario: ${n} flows are too few to expect ${key} (engine ${fixed(p)}) to be seen at all; send more`);
    if (count > 0 && p === 0) problems.push(`kernel sent flows to ${key}, which no branch of the engine reaches`);
    if (count === 0 && p > 0) problems.push(`engine has a branch to ${key} (${fixed(p)}), where the kernel sent none of ${n} flows`);
  }
  if (wrong) problems.push(`shares differ beyond the ${SHARE_CONFIDENCE * 100}% binomial bound:\n${table.join('\n')}`);
  // a branch too unlikely to be seen in n flows leaves the set unproven, unless the shares already disagree
  else problems.push(...unexpected);
  if (problems.length > 0 && !wrong) problems.push(`shares:\n${table.join('\n')}`);
  return problems;
}

/** The engine's branches for a share case, on its captured snapshot, compared with the kernel's flows. */
export async function shareProblems(out: string, observed: ObservedShares): Promise<string[]> {
  const model = await loadSnapshot(join(out, observed.snapshot));
  try {
    return compareShares(observed, runEngine(model, observed.request));
  } catch (error) {
    return [`engine threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  }
}
