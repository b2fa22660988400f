import type { OvnLogicalSwitch, OvnNorthbound, OvnSwitchPort } from '@hookpath/model';
import type { StructuralChange } from '../change';
import {
  diffRows,
  disabledText,
  listText,
  mapText,
  pairByKey,
  refName,
  setText,
  sideRows,
  valueText,
  type Family,
  type OvnSides,
} from './rows';

/** A DHCP_Options reference by what it is (its CIDR), not its UUID. */
const dhcpText = (nb: OvnNorthbound, uuid: string | null | undefined): string =>
  refName(
    (nb.dhcpOptions ?? []).map((d) => ({ uuid: d.uuid, name: d.cidr })),
    uuid,
  );

/** Logical_Switch_Port; type, addresses, router-port, parent and tag are what nbctl show prints too. */
const PORTS: Family<OvnSwitchPort> = {
  kind: 'switch-port',
  table: 'Logical_Switch_Port',
  key: (p) => p.name,
  uuid: (p) => p.uuid,
  columns: [
    { name: 'type', text: (p) => (p.type === '' ? 'vif' : p.type), shown: true },
    { name: 'addresses', text: (p) => `[${p.addresses.join(' ; ')}]`, shown: true },
    { name: 'router-port', text: (p) => valueText(p.routerPort), shown: true },
    { name: 'port_security', text: (p) => listText(p.portSecurity, ' ; ') },
    { name: 'options', text: (p) => mapText(p.options, ['router-port']) },
    { name: 'parent_name', text: (p) => valueText(p.parentName), shown: true },
    { name: 'tag', text: (p) => valueText(p.tag), shown: true },
    { name: 'enabled', text: (p) => disabledText(p.enabled) },
    { name: 'dynamic_addresses', text: (p) => valueText(p.dynamicAddresses) },
    { name: 'dhcpv4_options', text: (p, nb) => dhcpText(nb, p.dhcpv4Options), tables: ['Logical_Switch_Port', 'DHCP_Options'] },
    { name: 'dhcpv6_options', text: (p, nb) => dhcpText(nb, p.dhcpv6Options), tables: ['Logical_Switch_Port', 'DHCP_Options'] },
  ],
};

/** Logical_Switch: its load balancers and groups by name (the LB's own columns are in load-balancers.ts). */
const SWITCHES: Family<OvnLogicalSwitch> = {
  kind: 'switch',
  table: 'Logical_Switch',
  key: (s) => s.name,
  uuid: (s) => s.uuid,
  brief: (s) => `${s.name} (${s.ports.length} ports)`,
  columns: [
    {
      name: 'load_balancer',
      text: (s, nb) => setText(s.loadBalancers.map((id) => refName(nb.loadBalancers, id))),
      tables: ['Logical_Switch', 'Load_Balancer'],
    },
    {
      name: 'load_balancer_group',
      text: (s, nb) => setText((s.loadBalancerGroups ?? []).map((id) => refName(nb.loadBalancerGroups, id))),
      tables: ['Logical_Switch', 'Load_Balancer_Group'],
    },
    { name: 'other_config', text: (s) => mapText(s.otherConfig) },
  ],
};

/**
 * Logical switches and their ports. The switch's `acls` are diffed as ACL rows attached to it
 * (`logical_switch/<name>/acl/...`, acls.ts), by what they match rather than by UUID.
 */
export function diffSwitches(sides: OvnSides): StructuralChange[] {
  return pairByKey(sides.base.switches, sides.target.switches, (s) => s.name).flatMap((pair) => [
    ...diffRows(sides, SWITCHES, 'logical_switch', sideRows(pair.base), sideRows(pair.target)),
    ...diffRows(sides, PORTS, `logical_switch/${pair.key}/port`, pair.base?.ports ?? [], pair.target?.ports ?? []),
  ]);
}
