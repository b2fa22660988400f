import type { ParseResult } from '@hookpath/model';
import { issueAt, splitLines } from '../issue';
import { parseOvsdbValue, type OvsdbValue } from './ovsdb-value';

/** One row of `ovn-nbctl list <Table>` (also `find` and `get`-style output with the same layout). */
export interface OvsdbRecord {
  /** 1-based line of the row's first column. */
  line: number;
  /** 1-based column where the row starts, for sources that hold several rows on one line (JSON). */
  column?: number;
  columns: Record<string, OvsdbValue>;
}

/** `<column> <spaces>: <value>`; the column name is padded to the widest one. */
const LINE = /^([A-Za-z_][A-Za-z0-9_:-]*)( *): (.*)$/;

/**
 * Parses `ovn-nbctl list <Table>`: records of `column : value` lines separated by blank lines
 * (an empty table prints nothing).
 */
export function parseOvnNbctlList(content: string, file: string): ParseResult<OvsdbRecord[]> {
  const lines = splitLines(content);
  const records: OvsdbRecord[] = [];
  const errors: ParseResult<OvsdbRecord[]>['errors'] = [];
  let current: OvsdbRecord | null = null;
  lines.forEach((raw, index) => {
    const line = raw.replace(/\s+$/, '');
    if (line === '') {
      current = null;
      return;
    }
    const m = LINE.exec(line);
    if (m === null) {
      errors.push(issueAt(file, lines, index, 1, 'expected "<column> : <value>"'));
      return;
    }
    const [, name = '', pad = '', text = ''] = m;
    const valueColumn = name.length + pad.length + 3;
    const value = parseOvsdbValue(text);
    if ('message' in value) {
      errors.push(issueAt(file, lines, index, valueColumn + value.offset, value.message));
      return;
    }
    if (current === null) {
      current = { line: index + 1, columns: {} };
      records.push(current);
    }
    if (name in current.columns) errors.push(issueAt(file, lines, index, 1, `column ${name} appears twice in one record`));
    current.columns[name] = value;
  });
  return { value: records, errors };
}
