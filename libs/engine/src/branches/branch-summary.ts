import type { Trace, TraceBranch } from '../trace/trace';

const ended = (t: Pick<Trace, 'disposition' | 'dropReason'>): string =>
  t.dropReason === null ? t.disposition : `${t.disposition} (${t.dropReason})`;

/** How one leaf ends: the request's disposition, and the reply's when a round trip's reply did not come back. */
export function branchOutcome(branch: Pick<TraceBranch, 'disposition' | 'dropReason' | 'reply'>): string {
  const reply = branch.reply;
  return reply === undefined || reply.disposition === 'DELIVERED' ? ended(branch) : `${ended(branch)}, reply ${ended(reply)}`;
}

/** The choices that lead to a leaf, in order: `node-1 statistic KUBE-SEP-A`. */
export function branchChoices(branch: Pick<TraceBranch, 'choices'>): string {
  return branch.choices.map((c) => `${c.host} ${c.kind} ${c.chosen}`).join(', ');
}

/** `3 paths: 2 DELIVERED, 1 DROPPED (RP_FILTER)` (outcomes by count, then first seen), with the omitted leaves. */
export function branchSummary(trace: Pick<Trace, 'branches' | 'branchesOmitted'>): string | null {
  const branches = trace.branches ?? [];
  if (branches.length === 0) return null;
  const counts = new Map<string, number>();
  for (const b of branches) counts.set(branchOutcome(b), (counts.get(branchOutcome(b)) ?? 0) + 1);
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([outcome, n]) => `${n} ${outcome}`);
  const omitted = trace.branchesOmitted ?? 0;
  return `${branches.length} path${branches.length === 1 ? '' : 's'}: ${parts.join(', ')}${omitted > 0 ? `; ${omitted} more not listed` : ''}`;
}
