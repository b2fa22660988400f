import { branchChoices, branchOutcome, branchSummary, type Trace } from '@hookpath/engine';
import type { Paint, Style } from './colour';
import { dispositionStyle } from './format-trace-text';

const percent = (p: number): string => `${(p * 100).toFixed(p < 0.001 ? 3 : 1)}%`;

/**
 * The tree of possibilities under the main trace: a summary of how the paths end, then one line
 * per leaf (its probability, the choices that lead there, how it ends); `*` marks the leaf shown above.
 */
export function formatBranches(trace: Trace, paint: Paint): string[] {
  const summary = branchSummary(trace);
  const branches = trace.branches ?? [];
  if (summary === null) return [];
  const shown = branches.findIndex((b) => b.steps === trace.steps);
  const lines = [`${paint('bold', 'branches')} ${summary}`];
  branches.forEach((b, i) => {
    const style: Style = b.reply !== undefined && b.reply.disposition !== 'DELIVERED' ? dispositionStyle(b.reply.disposition) : dispositionStyle(b.disposition);
    const mark = i === shown ? '*' : ' ';
    lines.push(`  ${mark}${String(i + 1).padStart(3)}  ${percent(b.probability).padStart(6)}  ${branchChoices(b)}  ${paint(style, branchOutcome(b))}`);
  });
  if ((trace.branchesOmitted ?? 0) > 0) lines.push(`  ${paint('dim', `${trace.branchesOmitted} more paths not listed`)}`);
  return lines;
}
