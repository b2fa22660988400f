import { branchChoices, branchOutcome, branchSummary, type Trace } from '@hookpath/engine';
import type { Paint, Style } from './colour';
import { dispositionStyle, formatTraceText } from './format-trace-text';

const percent = (p: number): string => `${(p * 100).toFixed(p < 0.001 ? 3 : 1)}%`;

/**
 * The tree of possibilities under the main trace: a summary of how the paths end, then one line
 * per leaf (its probability, the choices that lead there, how it ends); `*` marks the leaves shown in
 * full above (by default the most likely one, which the top-level fields describe).
 */
export function formatBranches(trace: Trace, paint: Paint, shownInFull?: number | 'all'): string[] {
  const summary = branchSummary(trace);
  const branches = trace.branches ?? [];
  if (summary === null) return [];
  const shown = typeof shownInFull === 'number' ? shownInFull - 1 : branches.findIndex((b) => b.steps === trace.steps);
  const lines = [`${paint('bold', 'branches')} ${summary}`];
  branches.forEach((b, i) => {
    const style: Style =
      b.reply !== undefined && b.reply.disposition !== 'DELIVERED'
        ? dispositionStyle(b.reply.disposition)
        : dispositionStyle(b.disposition);
    const mark = shownInFull === 'all' || i === shown ? '*' : ' ';
    lines.push(
      `  ${mark}${String(i + 1).padStart(3)}  ${percent(b.probability).padStart(6)}  ${branchChoices(b)}  ${paint(style, branchOutcome(b))}`,
    );
  });
  if ((trace.branchesOmitted ?? 0) > 0) lines.push(`  ${paint('dim', `${trace.branchesOmitted} more paths not listed`)}`);
  if (shownInFull === undefined && branches.length > 1)
    lines.push(`  ${paint('dim', '--branch N shows path N in full, --branch all every path')}`);
  return lines;
}

/**
 * One leaf of the tree in full, as the main trace is shown: a header with its number, probability and
 * choices, then its steps, outcome, reply and round trip.
 */
export function formatBranchInFull(trace: Trace, index: number, from: string, paint: Paint): string {
  const branches = trace.branches ?? [];
  const branch = branches[index];
  if (branch === undefined) throw new RangeError(`no branch ${index + 1}`);
  const header = `${paint('bold', `branch ${index + 1} of ${branches.length}`)} ${percent(branch.probability)}  ${branchChoices(branch)}`;
  return `${header}\n${formatTraceText(branch, from, paint)}`;
}
