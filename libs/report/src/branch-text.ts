import type { Trace, TraceBranch } from '@hookpath/engine';

// The leaves of a trace's tree of choices (TRACE-CONTRACT "Branches") as reports and the portal show
// them, in the wording of the CLI (libs/engine's branch-summary, which the browser cannot bundle).

export type BranchTone = 'ok' | 'bad' | 'unknown';

type Ended = Pick<Trace, 'disposition' | 'dropReason'>;

const ended = (t: Ended): string => (t.dropReason === null ? t.disposition : `${t.disposition} (${t.dropReason})`);

/** How one leaf ends: `DROPPED (NO_NEIGHBOR)`, or `DELIVERED, reply DROPPED (RP_FILTER)` when its reply did not come back. */
export function branchOutcomeText(branch: Ended & Pick<Trace, 'reply'>): string {
  const reply = branch.reply;
  return reply === undefined || reply.disposition === 'DELIVERED' ? ended(branch) : `${ended(branch)}, reply ${ended(reply)}`;
}

/** `3 paths: 2 DROPPED (NO_NEIGHBOR), 1 DELIVERED, reply DROPPED (RP_FILTER)`: outcomes by count, then first seen. */
export function branchSummaryText(branches: readonly TraceBranch[], omitted = 0): string {
  const counts = new Map<string, number>();
  for (const b of branches) counts.set(branchOutcomeText(b), (counts.get(branchOutcomeText(b)) ?? 0) + 1);
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([outcome, n]) => `${n} ${outcome}`);
  return `${branches.length} path${branches.length === 1 ? '' : 's'}: ${parts.join(', ')}${omitted > 0 ? `; ${omitted} more not listed` : ''}`;
}

/** The choices that lead to a leaf, in order: `node-1 statistic KUBE-SEP-A`. */
export function branchChoicesText(branch: Pick<TraceBranch, 'choices'>): string {
  return branch.choices.map((c) => `${c.host} ${c.kind} ${c.chosen}`).join(', ');
}

const toneOfOne = (t: Pick<Trace, 'disposition'>): BranchTone =>
  t.disposition === 'DELIVERED' || t.disposition === 'EXITED' ? 'ok' : t.disposition === 'UNKNOWN' ? 'unknown' : 'bad';

/** The verdict colour of a leaf: its request's, or its reply's when the reply did not make it. */
export function branchTone(branch: Pick<Trace, 'disposition' | 'reply'>): BranchTone {
  const request = toneOfOne(branch);
  if (request !== 'ok' || branch.reply === undefined) return request;
  return toneOfOne(branch.reply);
}

/**
 * The position of the leaf the top level describes: the most likely one, the first on a tie. `tied`
 * says whether another leaf is as likely.
 */
export function mostLikelyBranch(branches: readonly Pick<TraceBranch, 'probability'>[]): { index: number; tied: boolean } {
  let index = 0;
  for (let i = 1; i < branches.length; i++) if ((branches[i]?.probability ?? 0) > (branches[index]?.probability ?? 0)) index = i;
  const best = branches[index]?.probability ?? 0;
  return { index, tied: branches.some((b, i) => i !== index && b.probability === best) };
}

/** A probability as people read it: `33.3%`, `<0.1%`, `100%`. */
export function percentText(p: number): string {
  if (p >= 1) return '100%';
  if (p > 0 && p < 0.001) return '<0.1%';
  const text = (p * 100).toFixed(1);
  return `${text.endsWith('.0') ? text.slice(0, -2) : text}%`;
}

/** One leaf as a report's Paths table shows it. */
export interface PathRow {
  number: number;
  probability: string;
  choices: string;
  outcome: string;
  tone: BranchTone;
  /** The leaf the report's steps describe (the most likely; the first on a tie). */
  shown: boolean;
}

/** The Paths of a trace with branches: the summary line and a row per leaf; null without branches. */
export function pathsOf(trace: Pick<Trace, 'branches' | 'branchesOmitted'>): { summary: string; rows: PathRow[] } | null {
  const branches = trace.branches ?? [];
  if (branches.length === 0) return null;
  const shown = mostLikelyBranch(branches).index;
  return {
    summary: branchSummaryText(branches, trace.branchesOmitted ?? 0),
    rows: branches.map((b, i) => ({
      number: i + 1,
      probability: percentText(b.probability),
      choices: branchChoicesText(b),
      outcome: branchOutcomeText(b),
      tone: branchTone(b),
      shown: i === shown,
    })),
  };
}
