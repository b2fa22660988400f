import type { Trace } from './trace-types';

// The leaves of a trace's tree of choices (TRACE-CONTRACT "Branches") as the portal shows them. The
// wording follows libs/engine's branch-summary (the CLI's), which the portal cannot bundle.

export type TraceBranch = NonNullable<Trace['branches']>[number];
export type TraceChoice = TraceBranch['choices'][number];
export type Tone = 'ok' | 'bad' | 'unknown';

type Ended = Pick<Trace, 'disposition' | 'dropReason'>;

const ended = (t: Ended): string => (t.dropReason === null ? t.disposition : `${t.disposition} (${t.dropReason})`);

/** How one leaf ends: `DROPPED (NO_NEIGHBOR)`, or `DELIVERED, reply DROPPED (RP_FILTER)` when its reply did not come back. */
export function branchOutcome(branch: Ended & Pick<Trace, 'reply'>): string {
  const reply = branch.reply;
  return reply === undefined || reply.disposition === 'DELIVERED' ? ended(branch) : `${ended(branch)}, reply ${ended(reply)}`;
}

/** `3 paths: 2 DROPPED (NO_NEIGHBOR), 1 DELIVERED, reply DROPPED (RP_FILTER)`: outcomes by count, then first seen. */
export function branchSummary(branches: readonly TraceBranch[]): string {
  const counts = new Map<string, number>();
  for (const b of branches) counts.set(branchOutcome(b), (counts.get(branchOutcome(b)) ?? 0) + 1);
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([outcome, n]) => `${n} ${outcome}`);
  return `${branches.length} path${branches.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

const toneOfOne = (t: Pick<Trace, 'disposition'>): Tone =>
  t.disposition === 'DELIVERED' || t.disposition === 'EXITED' ? 'ok' : t.disposition === 'UNKNOWN' ? 'unknown' : 'bad';

/** The verdict colour of a leaf: its request's, or its reply's when the reply did not make it. */
export function branchTone(branch: Pick<Trace, 'disposition' | 'reply'>): Tone {
  const request = toneOfOne(branch);
  if (request !== 'ok' || branch.reply === undefined) return request;
  return toneOfOne(branch.reply);
}

/**
 * The position of the leaf the top level describes: the most likely one, the first on a tie. `tied`
 * says whether another leaf is as likely.
 */
export function mostLikely(branches: readonly TraceBranch[]): { index: number; tied: boolean } {
  let index = 0;
  for (let i = 1; i < branches.length; i++) if ((branches[i]?.probability ?? 0) > (branches[index]?.probability ?? 0)) index = i;
  const best = branches[index]?.probability ?? 0;
  return { index, tied: branches.some((b, i) => i !== index && b.probability === best) };
}

/** The leaf a 1-based `branch` number names, or undefined when the trace has no such leaf. */
export function branchAt(trace: Trace, branch: number | undefined): TraceBranch | undefined {
  const branches = trace.branches ?? [];
  return branch === undefined || branch < 1 ? undefined : branches[branch - 1];
}

/** A probability as people read it: `33.3%`, `<0.1%`, `100%`. */
export function percentText(p: number): string {
  if (p >= 1) return '100%';
  if (p > 0 && p < 0.001) return '<0.1%';
  const text = (p * 100).toFixed(1);
  return `${text.endsWith('.0') ? text.slice(0, -2) : text}%`;
}

/** 1-based numbers as `path 2` or `paths 1, 3`. */
export function pathNumbers(numbers: readonly number[]): string {
  return `${numbers.length === 1 ? 'path' : 'paths'} ${numbers.join(', ')}`;
}
