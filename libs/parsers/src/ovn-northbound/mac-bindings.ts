import type { OvnMacBinding } from '@hookpath/model';
import type { OvsdbRecord } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import { textOf } from './nb-table';

/** SB MAC_Binding rows (`ovn-sbctl list MAC_Binding`): neighbours OVN learnt, by logical port and IP. */
export function macBindingsFrom(rows: readonly OvsdbRecord[]): OvnMacBinding[] {
  return rows
    .map((r) => ({ logicalPort: textOf(r, 'logical_port') ?? '', ip: textOf(r, 'ip') ?? '', mac: textOf(r, 'mac') ?? '' }))
    .sort((a, b) => (a.logicalPort === b.logicalPort ? (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0) : a.logicalPort < b.logicalPort ? -1 : 1));
}
