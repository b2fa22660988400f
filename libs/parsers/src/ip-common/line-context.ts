import type { ParseIssue } from '@hookpath/model';
import { issueAt } from '../issue';

/** One line being parsed, and where its problems go. */
export class LineContext {
  constructor(
    readonly file: string,
    readonly lines: readonly string[],
    readonly index: number,
    private readonly issues: ParseIssue[],
  ) {}

  get text(): string {
    return this.lines[this.index] ?? '';
  }

  /** Records a problem at a 1-based column of this line. */
  error(column: number, message: string): void {
    this.issues.push(issueAt(this.file, this.lines, this.index, column, message));
  }
}
