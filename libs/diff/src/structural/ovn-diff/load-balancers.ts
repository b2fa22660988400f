import type { OvnLbVip, OvnLoadBalancer, OvnLoadBalancerGroup } from '@hookpath/model';
import { added, changed, compareText, removed, type StructuralChange } from '../change';
import {
  diffMembers,
  diffRows,
  mapText,
  pairByKey,
  refName,
  rowsComparable,
  setText,
  sideRows,
  uuidSides,
  valueText,
  type Family,
  type OvnSides,
} from './rows';

/** Health checks by VIP, each with its options. */
const healthText = (lb: OvnLoadBalancer): string => setText((lb.healthChecks ?? []).map((h) => `${h.vip}${mapText(h.options)}`));

/**
 * Load_Balancer by name (its UUID when unnamed). Where it applies is a column of the switches and
 * routers that use it (switches.ts, routers.ts) and of its groups (below), not of the LB.
 */
const LOAD_BALANCERS: Family<OvnLoadBalancer> = {
  kind: 'load-balancer',
  table: 'Load_Balancer',
  key: (lb) => (lb.name !== '' ? lb.name : (lb.uuid ?? '')),
  uuid: (lb) => lb.uuid,
  columns: [
    { name: 'protocol', text: (lb) => valueText(lb.protocol) },
    { name: 'options', text: (lb) => mapText(lb.options) },
    { name: 'selection_fields', text: (lb) => setText(lb.selectionFields) },
    { name: 'health_check', text: healthText },
  ],
};

const vipText = (v: OvnLbVip): string => `${v.vip} -> ${v.backends.join(',')}`;

/** The `vips` map, entry by entry: `<vip> -> <backend>,...`; `ovnUuid` is the load balancer's. */
function diffVips(lbs: { base?: OvnLoadBalancer; target?: OvnLoadBalancer }, path: string): StructuralChange[] {
  const uuids = uuidSides(lbs.base?.uuid, lbs.target?.uuid);
  return pairByKey(lbs.base?.vips ?? [], lbs.target?.vips ?? [], (v) => v.vip).flatMap(
    ({ key, base: b, target: t }): StructuralChange[] => {
      const place = { ovn: `${path}/vip/${key}`, key, ...uuids };
      if (b === undefined && t !== undefined) return [added('ovn.lb-vip.added', place, vipText(t))];
      if (b !== undefined && t === undefined) return [removed('ovn.lb-vip.removed', place, vipText(b))];
      if (b !== undefined && t !== undefined && vipText(b) !== vipText(t))
        return [changed('ovn.lb-vip.changed', { ...place, field: 'backends' }, vipText(b), vipText(t))];
      return [];
    },
  );
}

const GROUPS: Family<OvnLoadBalancerGroup> = {
  kind: 'lb-group',
  table: 'Load_Balancer_Group',
  deps: ['Load_Balancer'],
  key: (g) => g.name,
  uuid: (g) => g.uuid,
  brief: (g, nb) => `${g.name} ${setText(g.loadBalancers.map((id) => refName(nb.loadBalancers, id)))}`.trimEnd(),
  columns: [],
};

/** Load balancers (columns, then VIPs), then load balancer groups with their members. */
export function diffLoadBalancers(sides: OvnSides): StructuralChange[] {
  const out: StructuralChange[] = [];
  if (rowsComparable(sides, 'Load_Balancer')) {
    for (const { key, base, target } of pairByKey(sides.base.loadBalancers, sides.target.loadBalancers, LOAD_BALANCERS.key)) {
      out.push(...diffRows(sides, LOAD_BALANCERS, 'load_balancer', sideRows(base), sideRows(target)));
      out.push(...diffVips({ base, target }, `load_balancer/${key}`));
    }
  }
  if (rowsComparable(sides, 'Load_Balancer_Group', GROUPS.deps)) {
    const members = (g: OvnLoadBalancerGroup | undefined, lbs: readonly OvnLoadBalancer[]): string[] =>
      (g?.loadBalancers ?? []).map((id) => refName(lbs, id)).sort(compareText);
    for (const { key, base, target } of pairByKey(sides.base.loadBalancerGroups ?? [], sides.target.loadBalancerGroups ?? [], GROUPS.key)) {
      out.push(...diffRows(sides, GROUPS, 'load_balancer_group', sideRows(base), sideRows(target)));
      if (base !== undefined && target !== undefined) {
        out.push(
          ...diffMembers(
            { added: 'ovn.lb-group.member-added', removed: 'ovn.lb-group.member-removed' },
            `load_balancer_group/${key}`,
            'load_balancer',
            members(base, sides.base.loadBalancers),
            members(target, sides.target.loadBalancers),
          ),
        );
      }
    }
  }
  return out;
}
