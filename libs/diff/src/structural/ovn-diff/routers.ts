import type { OvnLogicalRouter, OvnRouterPort } from '@hookpath/model';
import type { StructuralChange } from '../change';
import { chassisText } from './ha-chassis-groups';
import { NAT } from './nat';
import { POLICIES } from './policies';
import { diffRows, disabledText, mapText, pairByKey, refName, setText, sideRows, valueText, type Family, type OvnSides } from './rows';
import { STATIC_ROUTES } from './static-routes';

/** Logical_Router_Port; mac, networks, the gateway chassis' names and route-table are what nbctl show prints too. */
const PORTS: Family<OvnRouterPort> = {
  kind: 'router-port',
  table: 'Logical_Router_Port',
  key: (p) => p.name,
  uuid: (p) => p.uuid,
  columns: [
    { name: 'mac', text: (p) => p.mac, shown: true },
    { name: 'networks', text: (p) => `[${p.networks.join(' ')}]`, shown: true },
    {
      name: 'gateway_chassis',
      text: (p) => chassisText(p.gatewayChassis),
      tables: ['Logical_Router_Port', 'Gateway_Chassis'],
      shown: (p) => (p.gatewayChassis.length === 0 ? '' : `[${p.gatewayChassis.map((g) => g.chassis).join(' ')}]`),
    },
    {
      name: 'ha_chassis_group',
      text: (p, nb) => refName(nb.haChassisGroups, p.haChassisGroup),
      tables: ['Logical_Router_Port', 'HA_Chassis_Group'],
    },
    { name: 'peer', text: (p) => valueText(p.peer) },
    {
      name: 'options',
      text: (p) => mapText(p.options),
      shown: (p) => mapText(p.options.route_table === undefined ? {} : { route_table: p.options.route_table }),
    },
    { name: 'enabled', text: (p) => disabledText(p.enabled) },
  ],
};

const ROUTERS: Family<OvnLogicalRouter> = {
  kind: 'router',
  table: 'Logical_Router',
  key: (r) => r.name,
  uuid: (r) => r.uuid,
  brief: (r) => `${r.name} (${r.ports.length} ports, ${r.nat.length} NAT)`,
  columns: [
    {
      name: 'load_balancer',
      text: (r, nb) => setText(r.loadBalancers.map((id) => refName(nb.loadBalancers, id))),
      tables: ['Logical_Router', 'Load_Balancer'],
    },
    {
      name: 'load_balancer_group',
      text: (r, nb) => setText((r.loadBalancerGroups ?? []).map((id) => refName(nb.loadBalancerGroups, id))),
      tables: ['Logical_Router', 'Load_Balancer_Group'],
    },
    { name: 'options', text: (r) => mapText(r.options) },
    { name: 'enabled', text: (r) => disabledText(r.enabled) },
  ],
};

/** Logical routers and what hangs off them: ports, NAT, static routes, policies (each under `logical_router/<name>/`). */
export function diffRouters(sides: OvnSides): StructuralChange[] {
  return pairByKey(sides.base.routers, sides.target.routers, (r) => r.name).flatMap(({ key, base, target }) => {
    const path = `logical_router/${key}`;
    return [
      ...diffRows(sides, ROUTERS, 'logical_router', sideRows(base), sideRows(target)),
      ...diffRows(sides, PORTS, `${path}/port`, base?.ports ?? [], target?.ports ?? []),
      ...diffRows(sides, NAT, `${path}/nat`, base?.nat ?? [], target?.nat ?? []),
      ...diffRows(sides, STATIC_ROUTES, `${path}/static_route`, base?.staticRoutes ?? [], target?.staticRoutes ?? []),
      ...diffRows(sides, POLICIES, `${path}/policy`, base?.policies ?? [], target?.policies ?? []),
    ];
  });
}
