import type { OvnNorthbound, OvnTable, OvsdbMap } from '@hookpath/model';
import { added, changed, compareText, removed, unionKeys, type OvnChangeKind, type OvnRowFamily, type StructuralChange } from '../change';
import { tableStatus } from './capture';

/** Both northbound models of a diff. */
export interface OvnSides {
  base: OvnNorthbound;
  target: OvnNorthbound;
}

/** One column of a row as the diff shows it: `name=text`, left out of the row's text when ''. */
export interface Column<T> {
  /** The OVSDB column: what `place.field` names when it changes. */
  name: string;
  /** The value on one side; `nb` is that side's model, to name what a UUID refers to. */
  text: (row: T, nb: OvnNorthbound) => string;
  /** The tables its value comes from (default: the row's own); a table held differently on the two sides leaves it out. */
  tables?: readonly OvnTable[];
  /** What nbctl-show.txt prints of it (true: all of it), compared when one side has only that. */
  shown?: true | ((row: T, nb: OvnNorthbound) => string);
}

export interface Family<T> {
  kind: OvnRowFamily;
  /** The NB table of the rows; null for SB rows, whose capture the caller checks. */
  table: OvnTable | null;
  /** Tables that place or name the rows and that nbctl show cannot stand in for (a route's router). */
  deps?: readonly OvnTable[];
  /** The row's identity within its parent: never a UUID, which changes between captures. */
  key: (row: T) => string;
  uuid: (row: T) => string | null;
  columns: readonly Column<T>[];
  /** The text of an added or removed row, when not its key and columns. */
  brief?: (row: T, nb: OvnNorthbound) => string;
}

/** `{k=v,...}` by key; '' when empty. */
export function mapText(map: OvsdbMap | undefined, skip: readonly string[] = []): string {
  const keys = Object.keys(map ?? {})
    .filter((k) => !skip.includes(k))
    .sort(compareText);
  return keys.length === 0 ? '' : `{${keys.map((k) => `${k}=${map?.[k] ?? ''}`).join(',')}}`;
}

/** `[a b]` as written ('' when empty). */
export const listText = (items: readonly string[] | undefined, sep = ' '): string =>
  items === undefined || items.length === 0 ? '' : `[${items.join(sep)}]`;
/** `[a b]` sorted: for set-valued columns, whose order means nothing. */
export const setText = (items: readonly string[] | undefined): string => listText([...(items ?? [])].sort(compareText));
export const valueText = (value: string | number | null | undefined): string =>
  value === null || value === undefined ? '' : String(value);
/** `enabled`: only `false` differs from the default. */
export const disabledText = (enabled: boolean | null | undefined): string => (enabled === false ? 'false' : '');

const known = (s: 'full' | 'show' | 'none'): boolean => s !== 'none';

/** The text a column is compared by, or null when the two sides do not hold it alike. */
function columnText<T>(sides: OvnSides, family: Family<T>, column: Column<T>): ((row: T, nb: OvnNorthbound) => string) | null {
  const tables = column.tables ?? (family.table === null ? [] : [family.table]);
  if (tables.every((t) => tableStatus(sides.base, t) === tableStatus(sides.target, t))) return column.text;
  if (column.shown === undefined) return null;
  if (!tables.every((t) => known(tableStatus(sides.base, t)) === known(tableStatus(sides.target, t)))) return null;
  return column.shown === true ? column.text : column.shown;
}

/** Whether the rows of a family can be set side by side: their tables are held alike on both sides. */
export function rowsComparable(sides: OvnSides, table: OvnTable, deps: readonly OvnTable[] = []): boolean {
  if (known(tableStatus(sides.base, table)) !== known(tableStatus(sides.target, table))) return false;
  return deps.every((t) => (tableStatus(sides.base, t) === 'full') === (tableStatus(sides.target, t) === 'full'));
}

/** Rows by key; rows with equal keys are told apart by their text (` #2`, ` #3`), never by UUID. */
function uniqueKeys<T>(rows: readonly T[], key: (row: T) => string, text: (row: T) => string): Map<string, T> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  const out = new Map<string, T>();
  for (const [k, group] of groups) {
    const sorted = [...group].sort((a, b) => compareText(text(a), text(b)));
    sorted.forEach((row, i) => out.set(i === 0 ? k : `${k} #${i + 1}`, row));
  }
  return out;
}

const kindOf = (family: OvnRowFamily, what: 'added' | 'removed' | 'changed'): OvnChangeKind => `ovn.${family}.${what}`;

/** `place.ovnUuid` from the row's UUID on each side (left out when neither side has one). */
export function uuidSides(b: string | null | undefined, t: string | null | undefined): { ovnUuid?: { base?: string; target?: string } } {
  const sides = { ...(b === null || b === undefined ? {} : { base: b }), ...(t === null || t === undefined ? {} : { target: t }) };
  return Object.keys(sides).length === 0 ? {} : { ovnUuid: sides };
}

/**
 * The rows of one family under one parent (`logical_router/r1/nat`): added, removed, or changed
 * in the columns both sides hold (`place.field` lists them), each at `<parent>/<key>`.
 */
export function diffRows<T>(
  sides: OvnSides,
  family: Family<T>,
  parent: string,
  base: readonly T[],
  target: readonly T[],
): StructuralChange[] {
  if (family.table !== null && !rowsComparable(sides, family.table, family.deps)) return [];
  const columns = family.columns.flatMap((c) => {
    const text = columnText(sides, family, c);
    return text === null ? [] : [{ name: c.name, text }];
  });
  const rowText =
    (nb: OvnNorthbound) =>
    (row: T): string =>
      [family.key(row), ...columns.flatMap((c) => (c.text(row, nb) === '' ? [] : [`${c.name}=${c.text(row, nb)}`]))].join(' ');
  const brief =
    (nb: OvnNorthbound) =>
    (row: T): string =>
      family.brief === undefined ? rowText(nb)(row) : family.brief(row, nb);
  const b = uniqueKeys(base, family.key, rowText(sides.base));
  const t = uniqueKeys(target, family.key, rowText(sides.target));
  const out: StructuralChange[] = [];
  for (const key of unionKeys(b.keys(), t.keys())) {
    const br = b.get(key);
    const tr = t.get(key);
    const place = {
      ovn: `${parent}/${key}`,
      key,
      ...uuidSides(br === undefined ? null : family.uuid(br), tr === undefined ? null : family.uuid(tr)),
    };
    if (br === undefined && tr !== undefined) out.push(added(kindOf(family.kind, 'added'), place, brief(sides.target)(tr)));
    else if (br !== undefined && tr === undefined) out.push(removed(kindOf(family.kind, 'removed'), place, brief(sides.base)(br)));
    else if (br !== undefined && tr !== undefined) {
      const fields = columns.filter((c) => c.text(br, sides.base) !== c.text(tr, sides.target)).map((c) => c.name);
      if (fields.length > 0)
        out.push(
          changed(
            kindOf(family.kind, 'changed'),
            { ...place, field: fields.join(',') },
            rowText(sides.base)(br),
            rowText(sides.target)(tr),
          ),
        );
    }
  }
  return out;
}

/** Members of a set-valued column (address set addresses, port group ports): one change per member. */
export function diffMembers(
  kinds: { added: OvnChangeKind; removed: OvnChangeKind },
  parent: string,
  what: string,
  base: readonly string[],
  target: readonly string[],
): StructuralChange[] {
  const b = new Set(base);
  const t = new Set(target);
  const out: StructuralChange[] = [];
  for (const member of unionKeys(b, t)) {
    const place = { ovn: `${parent}/${what}/${member}`, key: member };
    if (!b.has(member)) out.push(added(kinds.added, place, member));
    else if (!t.has(member)) out.push(removed(kinds.removed, place, member));
  }
  return out;
}

/** Rows of both sides paired by key, for families with their own nested rows (a switch's ports). */
export function pairByKey<T>(base: readonly T[], target: readonly T[], key: (row: T) => string): { key: string; base?: T; target?: T }[] {
  const b = new Map(base.map((r) => [key(r), r]));
  const t = new Map(target.map((r) => [key(r), r]));
  return unionKeys(b.keys(), t.keys()).map((k) => ({
    key: k,
    ...(b.has(k) ? { base: b.get(k) } : {}),
    ...(t.has(k) ? { target: t.get(k) } : {}),
  }));
}

/** A reference as the row it names: its name when that side holds the row with this UUID, else the reference as written. */
export function refName(rows: readonly { uuid: string | null; name: string }[] | undefined, ref: string | null | undefined): string {
  if (ref === null || ref === undefined) return '';
  return rows?.find((r) => r.uuid === ref)?.name ?? ref;
}

/** A row of one side as a list of zero or one (to diff a parent row before its children). */
export const sideRows = <T>(row: T | undefined): T[] => (row === undefined ? [] : [row]);
