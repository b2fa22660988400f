/**
 * A diagnosis's fix (`in <host>: <command>`, alternatives separated by `; or `) as the lines of a
 * shell block: each command under a comment naming where to run it; prose stays a comment.
 */
export function fixLines(fix: string): string[] {
  const lines: string[] = [];
  fix.split('; or ').forEach((alternative, i) => {
    const or = i === 0 ? '' : 'or ';
    const placed = /^(.*?)\bin ([A-Za-z0-9._-]+): (.+)$/s.exec(alternative.trim());
    if (placed === null) {
      lines.push(`# ${or}${alternative.trim()}`);
      return;
    }
    const [, how = '', host = '', command = ''] = placed;
    const note = how.trim() === '' ? '' : ` (${how.trim()})`;
    lines.push(`# ${or}in ${host}${note}:`, command.trim());
  });
  return lines;
}
