import type { OvnMatchExpr } from '@hookpath/model';
import { expandValues, matchFieldValue, type MatchItem, type MatchSets } from './evaluate-match';
import type { OvnMatchEnv } from './match-env';

/** Fields a row may be filed under: kube-ovn's policies test addresses, its ACLs ports. */
const KEY_FIELDS: ReadonlySet<string> = new Set(['ip4.src', 'ip4.dst', 'inport', 'outport']);

/** A conjunct `field == {items}` of a match: when it is false, so is the whole match. */
interface Key {
  field: string;
  items: readonly MatchItem[];
}

/**
 * The conjunct a row is filed under: the match itself or one operand of its top-level `&&` chain
 * that compares a whole key field for equality with constants, sets expanded. Null for a match
 * without one, or whose sets were not captured (such a row is always evaluated).
 */
function keyOf(expr: OvnMatchExpr, sets: MatchSets): Key | null {
  if (expr.kind === 'cmp' && expr.op === '==' && expr.field.bits === undefined && KEY_FIELDS.has(expr.field.name)) {
    const items = expandValues(expr.values, sets);
    return 'unknown' in items ? null : { field: expr.field.name, items };
  }
  if (expr.kind === 'and') {
    for (const operand of expr.operands) {
      const key = keyOf(operand, sets);
      if (key !== null) return key;
    }
  }
  return null;
}

/** Rows filed under one field: by the exact value, by value under each mask, and all of them. */
class FieldRows {
  readonly exact = new Map<bigint | string, number[]>();
  readonly masked = new Map<bigint, Map<bigint, number[]>>();
  readonly all: number[] = [];

  add(row: number, items: readonly MatchItem[]): void {
    this.all.push(row);
    for (const item of items) {
      if (typeof item === 'string' || item.mask === undefined) {
        push(this.exact, typeof item === 'string' ? item : item.value, row);
      } else {
        let byValue = this.masked.get(item.mask);
        if (byValue === undefined) this.masked.set(item.mask, (byValue = new Map()));
        push(byValue, item.value & item.mask, row);
      }
    }
  }

  /** The rows whose items hold one equal to `value` (as the evaluator compares: masked bits, or names). */
  holding(value: bigint | string, into: number[]): void {
    into.push(...(this.exact.get(value) ?? []));
    if (typeof value === 'string') return;
    for (const [mask, byValue] of this.masked) into.push(...(byValue.get(value & mask) ?? []));
  }
}

function push<K>(map: Map<K, number[]>, key: K, row: number): void {
  const rows = map.get(key);
  if (rows === undefined) map.set(key, [row]);
  else rows.push(row);
}

/**
 * The rows of a stage in the order they are tried (highest priority first), indexed by the key
 * conjunct of their matches, so that a packet tries only the rows whose match may hold: a row filed
 * under `ip4.dst == {10.16.0.0/16, 10.0.0.5}` is skipped for a packet to 172.18.0.2, since its match
 * is false whatever else it tests (false wins in `&&`, over unknown too). Rows without a key, and
 * rows of a field the packet does not know at this stage (`outport` before the lookup), are always
 * tried; so the first row whose match holds (or cannot be told) is the one a scan of every row finds.
 */
export class MatchIndex {
  private readonly unkeyed: number[] = [];
  private readonly fields = new Map<string, FieldRows>();

  constructor(matches: readonly (OvnMatchExpr | null | undefined)[], sets: MatchSets) {
    matches.forEach((match, row) => {
      const key = match === null || match === undefined ? null : keyOf(match, sets);
      if (key === null) {
        this.unkeyed.push(row);
        return;
      }
      let rows = this.fields.get(key.field);
      if (rows === undefined) this.fields.set(key.field, (rows = new FieldRows()));
      rows.add(row, key.items);
    });
  }

  /** Positions of the rows to try for this packet, ascending. */
  candidates(env: OvnMatchEnv): readonly number[] {
    if (this.fields.size === 0) return this.unkeyed;
    const rows = [...this.unkeyed];
    for (const [field, filed] of this.fields) {
      const value = matchFieldValue(env, field);
      if (typeof value === 'object') rows.push(...filed.all);
      else filed.holding(value, rows);
    }
    rows.sort((a, b) => a - b);
    // a row filed under several equal items appears once
    return rows.filter((row, i) => i === 0 || rows[i - 1] !== row);
  }
}
