import type { OvnMatchExpr, ParseIssue, ParseResult } from '@hookpath/model';
import { parseOvnMatch } from './parse-ovn-match';

/** One match read from a text of matches. */
export interface OvnMatchLine {
  /** 1-based line number. */
  line: number;
  text: string;
  expr: OvnMatchExpr;
}

/**
 * Reads one OVN match per line (blank lines and lines starting with `#` are skipped). A line that
 * does not parse becomes an error naming the file, the line and the 1-based column, with OVN's message.
 */
export function parseOvnMatchLines(content: string, file: string): ParseResult<OvnMatchLine[]> {
  const value: OvnMatchLine[] = [];
  const errors: ParseIssue[] = [];
  content.split('\n').forEach((raw, i) => {
    const text = raw.replace(/\r$/, '');
    if (text.trim() === '' || text.trimStart().startsWith('#')) return;
    const r = parseOvnMatch(text);
    if ('expr' in r) value.push({ line: i + 1, text, expr: r.expr });
    else errors.push({ file, line: i + 1, column: r.offset + 1, message: r.error, text });
  });
  return { value, errors };
}
