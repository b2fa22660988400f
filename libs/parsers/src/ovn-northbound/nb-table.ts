import type { OvnMatchExpr, ParseIssue } from '@hookpath/model';
import { atomOf, itemsOf, mapOf } from '../ovn-nbctl-list/ovsdb-value';
import type { OvsdbRecord } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import { parseOvnMatch } from '../ovn-match/parse-ovn-match';

/** The rows of one NB table, from the richest source that held it in full. */
export interface NbTable {
  table: string;
  file: string;
  /** `list`: `ovn-nbctl list` (one column a line); `json`: `ovsdb-client -f json dump`. */
  format: 'list' | 'json';
  lines: readonly string[];
  rows: OvsdbRecord[];
}

/** What every table family reads and reports into while the model is built. */
export interface BuildContext {
  tables: ReadonlyMap<string, NbTable>;
  errors: ParseIssue[];
  warnings: ParseIssue[];
}

export const uuidOf = (r: OvsdbRecord): string | null => atomOf(r.columns._uuid);
/** A string column (an empty optional value is null). */
export const textOf = (r: OvsdbRecord, column: string): string | null => atomOf(r.columns[column]);
export const itemsIn = (r: OvsdbRecord, column: string): string[] => itemsOf(r.columns[column]);
export const mapIn = (r: OvsdbRecord, column: string): Record<string, string> => mapOf(r.columns[column]);

export function integerOf(r: OvsdbRecord, column: string): number | null {
  const text = textOf(r, column);
  const n = text === null ? NaN : Number(text);
  return Number.isInteger(n) ? n : null;
}

export function booleanOf(r: OvsdbRecord, column: string): boolean | null {
  const text = textOf(r, column);
  return text === 'true' ? true : text === 'false' ? false : null;
}

/** Rows of a captured table keyed by UUID; empty when the table was not captured. */
export function rowsByUuid(ctx: BuildContext, table: string): Map<string, OvsdbRecord> {
  const rows = ctx.tables.get(table)?.rows ?? [];
  return new Map(
    rows.flatMap((r) => {
      const u = uuidOf(r);
      return u === null ? [] : [[u, r] as const];
    }),
  );
}

/** An issue at one column of a row: its own line in `list` output, the row's position in JSON. */
export function rowIssue(t: NbTable, r: OvsdbRecord, column: string, message: string): ParseIssue {
  if (t.format === 'json') {
    const text = t.lines[r.line - 1] ?? '';
    const at = r.column ?? 1;
    return {
      file: t.file,
      line: r.line,
      column: at,
      message,
      text: text.length > 160 ? `${text.slice(Math.max(0, at - 1), at + 159)}…` : text,
    };
  }
  const index = Object.keys(r.columns).indexOf(column);
  const line = index < 0 ? r.line : r.line + index;
  const text = t.lines[line - 1] ?? '';
  const colon = text.indexOf(' : ');
  return { file: t.file, line, column: index < 0 || colon < 0 ? 1 : colon + 4, message, text };
}

/** A warning that a row is left out of the model, and why. */
export function leftOut(ctx: BuildContext, table: string, r: OvsdbRecord, why: string): void {
  const t = ctx.tables.get(table);
  if (t !== undefined) ctx.warnings.push(rowIssue(t, r, '_uuid', `${table} row ${uuidOf(r) ?? '?'} ${why}; ignored`));
}

/** Rows of `table` that no row of their owning table references (each gets a warning). */
export function warnUnreferenced(ctx: BuildContext, table: string, used: ReadonlySet<string>, why: string): void {
  for (const r of ctx.tables.get(table)?.rows ?? []) {
    const u = uuidOf(r);
    if (u === null || !used.has(u)) leftOut(ctx, table, r, why);
  }
}

export const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The row's `match` column parsed as an OVN match; a match OVN would refuse is an error that
 * names the file, the line and the column of the offending character (in list output, where the
 * value sits on its own line), and leaves `matchExpr` null.
 */
export function matchOf(ctx: BuildContext, tableName: string, r: OvsdbRecord): OvnMatchExpr | null {
  const text = textOf(r, 'match') ?? '';
  const parsed = parseOvnMatch(text);
  if ('expr' in parsed) return parsed.expr;
  const t = ctx.tables.get(tableName);
  if (t !== undefined) {
    const issue = rowIssue(t, r, 'match', `${tableName} match "${text}": ${parsed.error} (at character ${parsed.offset + 1} of the match)`);
    // `ovn-nbctl list` quotes the value: the match starts one character after the opening quote.
    ctx.errors.push(t.format === 'json' ? issue : { ...issue, column: issue.column + 1 + parsed.offset });
  }
  return null;
}
