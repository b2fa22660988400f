import type { BehaviouralDiff, StructuralDiff } from '@hookpath/diff';
import type { Paint } from '../trace-format';
import { formatBehavioural } from './format-behavioural';
import { formatStructural } from './format-structural';

/** The readable diff: what differs in the snapshots, then which flows behave differently and why. */
export function formatDiffText(
  base: string,
  target: string,
  structural: StructuralDiff,
  behavioural: BehaviouralDiff,
  paint: Paint,
): string {
  const lines = [
    `${paint('bold', 'diff')} ${base} → ${target}`,
    '',
    ...formatStructural(structural, paint),
    '',
    ...formatBehavioural(behavioural, paint),
  ];
  return `${lines.join('\n')}\n`;
}
