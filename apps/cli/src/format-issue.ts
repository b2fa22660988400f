import type { ParseIssue } from '@hookpath/model';

/** `file:line:column: message` and the quoted line with a caret under the column. */
export function formatIssue(issue: ParseIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  const lines = [`${where}: ${issue.message}`];
  if (issue.text !== '') {
    lines.push(`    ${issue.text}`);
    if (issue.column > 0) lines.push(`    ${' '.repeat(issue.column - 1)}^`);
  }
  return lines.join('\n');
}
