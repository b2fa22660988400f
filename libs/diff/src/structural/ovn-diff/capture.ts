import { OVN_TABLES, type OvnNorthbound, type OvnTable } from '@hookpath/model';
import { added, removed, type StructuralChange } from '../change';

/**
 * How one side holds a table: `full` (its rows from nb.json or nb-<Table>.txt), `show` (only what
 * nbctl-show.txt prints of it) or `none` (not captured: unknown, not empty).
 */
export type TableStatus = 'full' | 'show' | 'none';

/** Tables whose every row `ovn-nbctl show` prints (with some columns). */
const SHOWN: ReadonlySet<OvnTable> = new Set([
  'Logical_Switch',
  'Logical_Switch_Port',
  'Logical_Router',
  'Logical_Router_Port',
  'Gateway_Chassis',
  'NAT',
]);

export function tableStatus(nb: OvnNorthbound, table: OvnTable): TableStatus {
  // A model without `captured` (built by hand, or before the field existed) holds what it holds.
  if (nb.captured === undefined || nb.captured.includes(table)) return 'full';
  return SHOWN.has(table) && nb.files.some((f) => f.endsWith('nbctl-show.txt')) ? 'show' : 'none';
}

const sum = <T>(items: readonly T[], count: (item: T) => number): number => items.reduce((n, item) => n + count(item), 0);

/** How many rows of a table the model holds. */
export function tableRows(nb: OvnNorthbound, table: OvnTable): number {
  switch (table) {
    case 'Logical_Switch':
      return nb.switches.length;
    case 'Logical_Switch_Port':
      return sum(nb.switches, (s) => s.ports.length);
    case 'Logical_Router':
      return nb.routers.length;
    case 'Logical_Router_Port':
      return sum(nb.routers, (r) => r.ports.length);
    case 'Gateway_Chassis':
      return sum(nb.routers, (r) => sum(r.ports, (p) => p.gatewayChassis.length));
    case 'HA_Chassis_Group':
      return nb.haChassisGroups?.length ?? 0;
    case 'NAT':
      return sum(nb.routers, (r) => r.nat.length);
    case 'Load_Balancer':
      return nb.loadBalancers.length;
    case 'Load_Balancer_Group':
      return nb.loadBalancerGroups?.length ?? 0;
    case 'Logical_Router_Static_Route':
      return sum(nb.routers, (r) => r.staticRoutes.length);
    case 'Logical_Router_Policy':
      return sum(nb.routers, (r) => r.policies?.length ?? 0);
    case 'ACL':
      return nb.acls.length;
    case 'Port_Group':
      return nb.portGroups?.length ?? 0;
    case 'Address_Set':
      return nb.addressSets?.length ?? 0;
    case 'Static_MAC_Binding':
      return nb.staticMacBindings?.length ?? 0;
    case 'DHCP_Options':
      return nb.dhcpOptions?.length ?? 0;
    default: {
      const unreachable: never = table;
      return unreachable;
    }
  }
}

const rows = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;

/**
 * One change per table held in full on one side only (and per SB capture present on one side
 * only); the family diffs leave such tables' rows alone, so a capture difference is one line.
 */
export function captureChanges(base: OvnNorthbound, target: OvnNorthbound): StructuralChange[] {
  const out: StructuralChange[] = [];
  for (const table of OVN_TABLES) {
    const b = tableStatus(base, table);
    const t = tableStatus(target, table);
    if ((b === 'full') === (t === 'full')) continue;
    const place = { ovn: `nb/${table}`, field: table };
    const other = (b === 'full' ? t : b) === 'show' ? '; the other snapshot has only what nbctl-show.txt prints of it' : '';
    if (t === 'full') out.push(added('ovn.capture.added', place, `${table} captured in full (${rows(tableRows(target, table))})${other}`));
    else out.push(removed('ovn.capture.removed', place, `${table} captured in full (${rows(tableRows(base, table))})${other}`));
  }
  const sb = (name: string, b: readonly unknown[] | null | undefined, t: readonly unknown[] | null | undefined, file: string): void => {
    const place = { ovn: `sb/${name}`, field: name };
    if ((b ?? null) === null && (t ?? null) !== null)
      out.push(added('ovn.capture.added', place, `${name} captured (${file}, ${rows(t?.length ?? 0)})`));
    if ((b ?? null) !== null && (t ?? null) === null)
      out.push(removed('ovn.capture.removed', place, `${name} captured (${file}, ${rows(b?.length ?? 0)})`));
  };
  sb('Chassis', base.chassis, target.chassis, 'sbctl-show.txt');
  sb('MAC_Binding', base.macBindings, target.macBindings, 'sb-MAC_Binding.txt');
  return out;
}

/** The whole OVN capture present on one side only: one change, not every row. */
export function wholeCapture(base: OvnNorthbound | null, target: OvnNorthbound | null): StructuralChange[] {
  const text = (nb: OvnNorthbound): string => `OVN captured (${nb.files.join(', ')})`;
  if (base === null && target !== null) return [added('ovn.capture.added', { ovn: 'nb' }, text(target))];
  if (base !== null && target === null) return [removed('ovn.capture.removed', { ovn: 'nb' }, text(base))];
  return [];
}
