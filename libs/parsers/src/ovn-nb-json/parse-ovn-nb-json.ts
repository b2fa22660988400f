import type { ParseIssue, ParseResult } from '@hookpath/model';
import type { OvsdbRecord } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import { ovsdbValueOfJson } from './ovsdb-json-datum';
import { lineColumn, lineStartsOf, parseJsonValues } from './json-values';

/** One table of `ovsdb-client -f json dump`: `{"caption":"<Table> table","data":[[...]],"headings":[...]}`. */
export interface OvsdbTableDump {
  table: string;
  /** 1-based line of the table's object. */
  line: number;
  rows: OvsdbRecord[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The line an issue quotes, cut around the column when the line is long (a table is one line). */
function quote(line: string, column: number): string {
  if (line.length <= 160) return line;
  const from = Math.max(0, column - 80);
  return `${from > 0 ? '…' : ''}${line.slice(from, from + 160)}${from + 160 < line.length ? '…' : ''}`;
}

/**
 * Parses `ovsdb-client -f json dump <remote> OVN_Northbound` (compact or --pretty): one JSON object
 * per table. Values become the same OvsdbRecord columns `ovn-nbctl list` gives; UUIDs are strings.
 * Errors name the line and column in the file, including JSON syntax errors.
 */
export function parseOvnNbJson(content: string, file: string): ParseResult<OvsdbTableDump[]> {
  const starts = lineStartsOf(content);
  const lines = content.split('\n');
  const errors: ParseIssue[] = [];
  const issue = (offset: number, message: string): ParseIssue => {
    const { line, column } = lineColumn(starts, offset);
    return { file, line, column, message, text: quote((lines[line - 1] ?? '').replace(/\r$/, ''), column) };
  };
  const { chunks, failure } = parseJsonValues(content);
  const tables: OvsdbTableDump[] = [];
  for (const chunk of chunks) {
    const source = content.slice(chunk.start, chunk.end);
    const v = chunk.value;
    const caption = isRecord(v) && typeof v.caption === 'string' ? /^(\S+) table$/.exec(v.caption)?.[1] : undefined;
    if (!isRecord(v) || caption === undefined || !Array.isArray(v.headings) || !Array.isArray(v.data)) {
      errors.push(
        issue(chunk.start, 'expected a table of ovsdb-client -f json dump: {"caption":"<Table> table","data":[...],"headings":[...]}'),
      );
      continue;
    }
    const headings = v.headings;
    if (!headings.every((h): h is string => typeof h === 'string')) {
      errors.push(issue(chunk.start, `table ${caption}: headings must be column names`));
      continue;
    }
    const table: OvsdbTableDump = { table: caption, line: lineColumn(starts, chunk.start).line, rows: [] };
    tables.push(table);
    let cursor = 0;
    v.data.forEach((row: unknown, index) => {
      // Locate the row in the text: it starts with its _uuid (the first heading).
      const uuid = Array.isArray(row) && headings[0] === '_uuid' ? ovsdbValueOfJson(row[0]) : null;
      let offset = chunk.start;
      if (uuid !== null && typeof uuid !== 'string' && uuid.kind === 'atom') {
        const found = new RegExp(`\\[\\s*\\[\\s*"uuid"\\s*,\\s*"${escapeRegExp(uuid.value)}"`).exec(source.slice(cursor));
        if (found !== null) {
          cursor += found.index + 1;
          offset = chunk.start + cursor - 1;
        }
      }
      if (!Array.isArray(row) || row.length !== headings.length) {
        errors.push(issue(offset, `table ${caption}: row ${index + 1} must be an array of ${headings.length} values (one per heading)`));
        return;
      }
      const record: OvsdbRecord = { ...lineColumn(starts, offset), columns: {} };
      for (const [i, heading] of headings.entries()) {
        const value = ovsdbValueOfJson(row[i]);
        if (typeof value === 'string') errors.push(issue(offset, `table ${caption}, column ${heading}: ${value}`));
        else record.columns[heading] = value;
      }
      table.rows.push(record);
    });
  }
  if (failure !== null) errors.push(issue(failure.offset, failure.message));
  return { value: tables, errors };
}
