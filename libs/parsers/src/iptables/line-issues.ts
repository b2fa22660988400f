import type { ParseIssue } from '@hookpath/model';
import { issueAt } from '../issue';

/** Collects the issues of one file; `lineIndex` is the line being parsed. */
export class LineIssues {
  readonly errors: ParseIssue[] = [];
  lineIndex = 0;

  constructor(
    readonly file: string,
    private readonly lines: readonly string[],
  ) {}

  /** An issue on the current line at 1-based `column`. */
  at(column: number, message: string): void {
    this.errors.push(issueAt(this.file, this.lines, this.lineIndex, column, message));
  }

  /** An issue on another line (0-based `lineIndex`). */
  atLine(lineIndex: number, column: number, message: string): void {
    this.errors.push(issueAt(this.file, this.lines, lineIndex, column, message));
  }
}
