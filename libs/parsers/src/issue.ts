import type { ParseIssue } from '@hookpath/model';

/** Builds a ParseIssue for `lines[lineIndex]`; `column` is 1-based (0 for the whole line). */
export function issueAt(file: string, lines: readonly string[], lineIndex: number, column: number, message: string): ParseIssue {
  return { file, line: lineIndex + 1, column, message, text: lines[lineIndex] ?? '' };
}

/** An issue about a whole file (for example JSON that does not parse at all). */
export function fileIssue(file: string, message: string): ParseIssue {
  return { file, line: 0, column: 0, message, text: '' };
}

/** Splits file content into lines, accepting `\n` and `\r\n`. */
export function splitLines(content: string): string[] {
  const lines = content.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
