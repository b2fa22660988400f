import type { OvnLogicalSwitch, OvnSwitchPort } from '@hookpath/model';
import type { OvsdbRecord } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import { booleanOf, byName, integerOf, itemsIn, leftOut, mapIn, rowIssue, rowsByUuid, textOf, uuidOf, type BuildContext } from './nb-table';
import { noteLoadBalancerUse, type LoadBalancers } from './load-balancers';

function switchPortFrom(r: OvsdbRecord): OvnSwitchPort {
  const options = mapIn(r, 'options');
  return {
    name: textOf(r, 'name') ?? '',
    uuid: uuidOf(r),
    type: textOf(r, 'type') ?? '',
    addresses: itemsIn(r, 'addresses'),
    routerPort: options['router-port'] ?? null,
    portSecurity: itemsIn(r, 'port_security'),
    dynamicAddresses: textOf(r, 'dynamic_addresses'),
    options,
    externalIds: mapIn(r, 'external_ids'),
    parentName: textOf(r, 'parent_name'),
    tag: integerOf(r, 'tag'),
    enabled: booleanOf(r, 'enabled'),
    dhcpv4Options: textOf(r, 'dhcpv4_options'),
    dhcpv6Options: textOf(r, 'dhcpv6_options'),
  };
}

/**
 * Logical switches and their ports. Logical_Switch rows say which ports (by UUID) and load
 * balancers a switch has; Logical_Switch_Port rows say everything about a port; `ovn-nbctl show`
 * gives the switches and ports (by name) with addresses, type and router peer when the tables
 * were not captured. Rows win over show; a port row no switch holds is reported.
 */
export function switches(ctx: BuildContext, shown: readonly OvnLogicalSwitch[], lbs: LoadBalancers): OvnLogicalSwitch[] {
  const lspTable = ctx.tables.get('Logical_Switch_Port');
  const lspRows = rowsByUuid(ctx, 'Logical_Switch_Port');
  const lspByName = new Map((lspTable?.rows ?? []).map((r) => [textOf(r, 'name') ?? '', r]));
  const placed = new Set<OvsdbRecord>();
  const fromShow = (port: OvnSwitchPort): OvnSwitchPort => {
    const row = (port.uuid === null ? undefined : lspRows.get(port.uuid)) ?? lspByName.get(port.name);
    if (row === undefined) return port;
    placed.add(row);
    return switchPortFrom(row);
  };
  const lsTable = ctx.tables.get('Logical_Switch');
  const result: OvnLogicalSwitch[] = [];
  if (lsTable === undefined) {
    for (const sw of shown) result.push({ ...sw, ports: sw.ports.map(fromShow) });
  } else {
    const matched = new Set<OvnLogicalSwitch>();
    for (const r of lsTable.rows) {
      const name = textOf(r, 'name') ?? '';
      const uuid = uuidOf(r) ?? '';
      const show = shown.find((s) => s.uuid === uuid) ?? shown.find((s) => s.name === name);
      if (show !== undefined) matched.add(show);
      let ports: OvnSwitchPort[];
      if (lspTable === undefined) ports = show?.ports ?? [];
      else {
        ports = [];
        for (const id of itemsIn(r, 'ports')) {
          const row = lspRows.get(id);
          if (row === undefined) ctx.warnings.push(rowIssue(lsTable, r, 'ports', `switch ${name}: port ${id} is not in ${lspTable.file}`));
          else {
            placed.add(row);
            ports.push(switchPortFrom(row));
          }
        }
      }
      const direct = itemsIn(r, 'load_balancer');
      const groups = itemsIn(r, 'load_balancer_group');
      noteLoadBalancerUse(lbs, 'switches', name, direct, groups);
      result.push({
        name,
        uuid,
        ports,
        loadBalancers: direct.map(lbs.lbName),
        loadBalancerGroups: groups.map(lbs.groupName),
        acls: itemsIn(r, 'acls'),
        otherConfig: mapIn(r, 'other_config'),
        externalIds: mapIn(r, 'external_ids'),
      });
    }
    for (const sw of shown) {
      if (matched.has(sw)) continue;
      ctx.warnings.push({
        file: lsTable.file,
        line: 0,
        column: 0,
        message: `switch ${sw.name} (${sw.uuid}) is in nbctl-show.txt but not in ${lsTable.file}; kept as shown`,
        text: '',
      });
      result.push({ ...sw, ports: sw.ports.map(fromShow) });
    }
  }
  for (const r of lspTable?.rows ?? [])
    if (!placed.has(r)) leftOut(ctx, 'Logical_Switch_Port', r, 'belongs to no switch the snapshot shows');
  for (const sw of result) sw.ports.sort(byName);
  return result.sort(byName);
}
