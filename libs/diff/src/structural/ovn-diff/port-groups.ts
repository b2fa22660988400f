import type { OvnPortGroup } from '@hookpath/model';
import type { StructuralChange } from '../change';
import { diffMembers, diffRows, pairByKey, rowsComparable, setText, sideRows, type Family, type OvnSides } from './rows';

/** Port_Group by name; its ACLs are diffed under it (acls.ts), its ports one by one. */
const PORT_GROUPS: Family<OvnPortGroup> = {
  kind: 'port-group',
  table: 'Port_Group',
  // Ports are named through Logical_Switch_Port (UUIDs without it).
  deps: ['Logical_Switch_Port'],
  key: (g) => g.name,
  uuid: (g) => g.uuid,
  brief: (g) => `${g.name} ${setText(g.ports)}`.trimEnd(),
  columns: [],
};

export function diffPortGroups(sides: OvnSides): StructuralChange[] {
  if (!rowsComparable(sides, 'Port_Group', ['Logical_Switch_Port'])) return [];
  return pairByKey(sides.base.portGroups ?? [], sides.target.portGroups ?? [], PORT_GROUPS.key).flatMap(({ key, base, target }) => [
    ...diffRows(sides, PORT_GROUPS, 'port_group', sideRows(base), sideRows(target)),
    ...(base === undefined || target === undefined
      ? []
      : diffMembers(
          { added: 'ovn.port-group.port-added', removed: 'ovn.port-group.port-removed' },
          `port_group/${key}`,
          'port',
          base.ports,
          target.ports,
        )),
  ]);
}
