import type { SnapshotModel } from '@hookpath/model';
import { natTable, type NatRuleEntry } from '@hookpath/engine';
import { added, compareText, removed, type StructuralChange } from './change';

const key = (e: NatRuleEntry): string => `${e.host}\u0000${e.table}\u0000${e.chain}\u0000${e.rule}`;
const text = (e: NatRuleEntry): string => `${e.kind} ${e.match === '' ? '(every packet)' : e.match} -> ${e.translation}`;

function counted(entries: readonly NatRuleEntry[]): Map<string, NatRuleEntry[]> {
  const map = new Map<string, NatRuleEntry[]>();
  for (const e of entries) {
    const list = map.get(key(e));
    if (list === undefined) map.set(key(e), [e]);
    else list.push(e);
  }
  return map;
}

/**
 * The address translations of the engine's NAT view (DNAT/SNAT/MASQUERADE/REDIRECT rules) that
 * exist on one side only. A rule that only moved inside its chain is not a change here.
 */
export function diffNatTable(base: SnapshotModel, target: SnapshotModel): StructuralChange[] {
  const b = counted(natTable(base).rules);
  const t = counted(natTable(target).rules);
  const out: StructuralChange[] = [];
  for (const k of [...new Set([...b.keys(), ...t.keys()])].sort(compareText)) {
    const bl = b.get(k) ?? [];
    const tl = t.get(k) ?? [];
    for (const e of bl.slice(tl.length))
      out.push(removed('nat.removed', { host: e.host, table: e.table, chain: e.chain, position: { base: e.position } }, text(e)));
    for (const e of tl.slice(bl.length))
      out.push(added('nat.added', { host: e.host, table: e.table, chain: e.chain, position: { target: e.position } }, text(e)));
  }
  return out;
}
