import type { Trace } from '@hookpath/engine';
import { clip } from './escape';
import { pathHops } from './path-hops';
import { fate } from './verdict';

/**
 * The path of one direction as a Unicode tree for a terminal or a Markdown code block: each place
 * on its own line under the one before, ✓ where it passed, ✗ where it stopped, then the fate.
 */
export function pathTree(trace: Trace): string {
  const hops = pathHops(trace);
  const lines = hops.map((hop, i) => {
    const mark = hop.stopped ? '✗' : '✓';
    const steps = hop.first === hop.last ? `step ${hop.first}` : `steps ${hop.first}-${hop.last}`;
    const seen = hop.observations.length === 0 ? '' : `: ${clip(hop.observations.join('; '), 160)}`;
    const line = `${mark} ${hop.place} (${steps})${seen}`;
    return i === 0 ? line : `${'    '.repeat(i - 1)}└─→ ${line}`;
  });
  const ended = trace.disposition === 'DELIVERED' || trace.disposition === 'EXITED' ? '✓' : '✗';
  lines.push(`${'    '.repeat(Math.max(0, hops.length - 1))}└─ ${ended} ${fate(trace)}`);
  return lines.join('\n');
}
