import type { OvsInterface, ParseIssue, ParseResult } from '@hookpath/model';
import { parseJsonDocument } from '../json-document';
import { lineColumn, lineStartsOf } from '../ovn-nb-json/json-values';
import { ovsdbValueOfJson } from '../ovn-nb-json/ovsdb-json-datum';
import type { OvsdbValue } from '../ovn-nbctl-list/ovsdb-value';
import { tableOffsets } from './value-offsets';

/**
 * Parses `ovs-vsctl -f json list Interface`: `{"data":[[cell, ...], ...],"headings":[column, ...]}`,
 * each cell an OVSDB datum in its JSON form (`"br-int"`, `3`, `["set",[]]`, `["map",[["k","v"]]]`,
 * `["uuid","..."]`). Only `name` is required; a column left out with `--columns` is null (or `{}`).
 * Errors name the line and column of the row or cell at fault.
 */
export function parseOvsInterfacesJson(content: string, file: string): ParseResult<OvsInterface[]> {
  if (content.trim() === '') return { value: [], errors: [] };
  const document = parseJsonDocument(content, file);
  if (!document.ok) return { value: [], errors: [document.issue] };
  const errors: ParseIssue[] = [];
  const lines = content.split('\n');
  const starts = lineStartsOf(content);
  const offsets = tableOffsets(content);
  const issue = (offset: number | null | undefined, message: string): void => {
    const at = offset === null || offset === undefined ? { line: 1, column: 1 } : lineColumn(starts, offset);
    errors.push({ file, ...at, message, text: (lines[at.line - 1] ?? '').replace(/\r$/, '') });
  };
  const table = document.value;
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    issue(null, 'expected the object `ovs-vsctl -f json list Interface` prints: {"data":[...],"headings":[...]}');
    return { value: [], errors };
  }
  const { data, headings } = table as { data?: unknown; headings?: unknown };
  if (!Array.isArray(headings) || !headings.every((h): h is string => typeof h === 'string')) {
    issue(offsets.headings, '"headings" must be an array of column names');
    return { value: [], errors };
  }
  if (!Array.isArray(data)) {
    issue(offsets.data, '"data" must be an array of rows');
    return { value: [], errors };
  }
  const column = new Map(headings.map((h, i) => [h, i]));
  if (!column.has('name')) {
    issue(offsets.headings, 'the Interface table needs its "name" column');
    return { value: [], errors };
  }
  const value: OvsInterface[] = [];
  data.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== headings.length) {
      issue(offsets.rows[r], `row ${r + 1}: expected an array of ${headings.length} values, one per heading`);
      return;
    }
    let bad = false;
    const cell = (name: string): OvsdbValue | null => {
      const index = column.get(name);
      if (index === undefined) return null;
      const datum = ovsdbValueOfJson(row[index]);
      if (typeof datum === 'string') {
        issue(offsets.cells[r]?.[index], `row ${r + 1}, ${name}: ${datum}`);
        bad = true;
        return null;
      }
      return datum;
    };
    /** A scalar column: an atom, or an empty set for "none" (optional columns). */
    const scalar = (name: string): string | null => {
      const v = cell(name);
      if (v === null) return null;
      if (v.kind === 'atom') return v.value;
      if (v.kind === 'set' && v.items.length <= 1) return v.items[0] ?? null;
      issue(offsets.cells[r]?.[column.get(name) ?? 0], `row ${r + 1}, ${name}: expected a single value, got a ${v.kind}`);
      bad = true;
      return null;
    };
    const integer = (name: string): number | null => {
      const text = scalar(name);
      if (text === null) return null;
      if (/^-?\d+$/.test(text)) return Number(text);
      issue(offsets.cells[r]?.[column.get(name) ?? 0], `row ${r + 1}, ${name}: expected an integer, got ${JSON.stringify(text)}`);
      bad = true;
      return null;
    };
    const map = (name: string): Record<string, string> => {
      const v = cell(name);
      if (v === null) return {};
      if (v.kind === 'map') return v.entries;
      if (v.kind === 'set' && v.items.length === 0) return {};
      issue(offsets.cells[r]?.[column.get(name) ?? 0], `row ${r + 1}, ${name}: expected a map`);
      bad = true;
      return {};
    };
    const name = scalar('name');
    const iface: OvsInterface = {
      name: name ?? '',
      type: scalar('type'),
      ofport: integer('ofport'),
      ifindex: integer('ifindex'),
      macInUse: scalar('mac_in_use'),
      externalIds: map('external_ids'),
      options: map('options'),
      status: map('status'),
      error: scalar('error'),
    };
    if (name === null || name === '') {
      if (!bad) issue(offsets.cells[r]?.[column.get('name') ?? 0], `row ${r + 1}: an interface without a name`);
      return;
    }
    if (!bad) value.push(iface);
  });
  return { value, errors };
}
