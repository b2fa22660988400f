import type { ConntrackEntry, ParseResult } from '@hookpath/model';
import { issueAt, splitLines } from '../issue';
import { parseConntrackTokens } from './conntrack-line';
import { tokenizeConntrackLine } from './conntrack-tokens';

/**
 * The summary conntrack writes to stderr after a listing; it lands in the file (first, since stderr
 * is unbuffered) when stderr is redirected with stdout.
 */
const TRAILER = /^conntrack v\S+ \(conntrack-tools\): \d+ flow entries have been shown\.$/;

/** Parses `conntrack -L` or `conntrack -L -o extended[,id]` output, one entry per line. */
export function parseConntrack(content: string, file: string): ParseResult<ConntrackEntry[]> {
  const lines = splitLines(content);
  const value: ConntrackEntry[] = [];
  const errors: ParseResult<ConntrackEntry[]>['errors'] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '' || TRAILER.test(line.trim())) return;
    const report = (column: number, message: string) => errors.push(issueAt(file, lines, index, column, message));
    const entry = parseConntrackTokens(tokenizeConntrackLine(line), report);
    if (entry !== undefined) value.push({ ...entry, text: line, line: index + 1 });
  });
  return { value, errors };
}
