import type { OvnAddressSet } from '@hookpath/model';
import type { StructuralChange } from '../change';
import { diffMembers, diffRows, pairByKey, rowsComparable, setText, sideRows, type Family, type OvnSides } from './rows';

/** Address_Set by name (what `$name` in a match refers to); its addresses one by one. */
const ADDRESS_SETS: Family<OvnAddressSet> = {
  kind: 'address-set',
  table: 'Address_Set',
  key: (s) => s.name,
  uuid: (s) => s.uuid,
  brief: (s) => `${s.name} ${setText(s.addresses)}`.trimEnd(),
  columns: [],
};

export function diffAddressSets(sides: OvnSides): StructuralChange[] {
  if (!rowsComparable(sides, 'Address_Set', [])) return [];
  return pairByKey(sides.base.addressSets ?? [], sides.target.addressSets ?? [], ADDRESS_SETS.key).flatMap(({ key, base, target }) => [
    ...diffRows(sides, ADDRESS_SETS, 'address_set', sideRows(base), sideRows(target)),
    ...(base === undefined || target === undefined
      ? []
      : diffMembers(
          { added: 'ovn.address-set.address-added', removed: 'ovn.address-set.address-removed' },
          `address_set/${key}`,
          'address',
          base.addresses,
          target.addresses,
        )),
  ]);
}
