import type { OvnLbVip, OvnLoadBalancer, OvnLoadBalancerGroup } from '@hookpath/model';
import type { OvsdbRecord } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import { itemsIn, mapIn, rowIssue, rowsByUuid, textOf, uuidOf, warnUnreferenced, type BuildContext } from './nb-table';

export interface LoadBalancers {
  loadBalancers: OvnLoadBalancer[];
  groups: OvnLoadBalancerGroup[] | undefined;
  /** A load balancer's name by UUID (the UUID itself when Load_Balancer was not captured). */
  lbName: (uuid: string) => string;
  groupName: (uuid: string) => string;
  /** Load balancer UUIDs of a group. */
  groupMembers: (uuid: string) => string[];
}

function vipsOf(r: OvsdbRecord): OvnLbVip[] {
  return Object.entries(mapIn(r, 'vips')).map(([vip, backends]) => ({
    vip,
    backends: backends
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== ''),
  }));
}

/**
 * Load_Balancer rows (with their Load_Balancer_Health_Check rows) and Load_Balancer_Group rows.
 * `routers` and `switches` are filled by the routers and switches that use them.
 */
export function loadBalancers(ctx: BuildContext): LoadBalancers {
  const checks = rowsByUuid(ctx, 'Load_Balancer_Health_Check');
  const checksCaptured = ctx.tables.has('Load_Balancer_Health_Check');
  const usedChecks = new Set<string>();
  const table = ctx.tables.get('Load_Balancer');
  const lbs = (table?.rows ?? []).map((r): OvnLoadBalancer => {
    const ids = itemsIn(r, 'health_check');
    const healthChecks: { vip: string; options: Record<string, string> }[] = [];
    for (const id of ids) {
      const hc = checks.get(id);
      usedChecks.add(id);
      if (hc !== undefined) healthChecks.push({ vip: textOf(hc, 'vip') ?? '', options: mapIn(hc, 'options') });
    }
    if (ids.length > 0 && !checksCaptured && table !== undefined) {
      ctx.warnings.push(
        rowIssue(
          table,
          r,
          'health_check',
          `load balancer ${textOf(r, 'name') ?? ''} has health checks, but Load_Balancer_Health_Check was not captured (nb-Load_Balancer_Health_Check.txt or nb.json)`,
        ),
      );
    }
    return {
      uuid: uuidOf(r),
      name: textOf(r, 'name') ?? '',
      protocol: textOf(r, 'protocol'),
      vips: vipsOf(r),
      routers: [],
      switches: [],
      options: mapIn(r, 'options'),
      selectionFields: itemsIn(r, 'selection_fields'),
      healthChecks,
      externalIds: mapIn(r, 'external_ids'),
    };
  });
  if (table !== undefined) warnUnreferenced(ctx, 'Load_Balancer_Health_Check', usedChecks, 'belongs to no load balancer');
  const byUuid = new Map(lbs.flatMap((lb) => (lb.uuid === null ? [] : [[lb.uuid, lb] as const])));
  const lbName = (uuid: string): string => byUuid.get(uuid)?.name ?? uuid;
  const groupRows = rowsByUuid(ctx, 'Load_Balancer_Group');
  const groups = ctx.tables.get('Load_Balancer_Group')?.rows.map((r) => ({
    uuid: uuidOf(r),
    name: textOf(r, 'name') ?? '',
    loadBalancers: itemsIn(r, 'load_balancer').map(lbName),
  }));
  return {
    loadBalancers: lbs,
    groups,
    lbName,
    groupName: (uuid) => {
      const row = groupRows.get(uuid);
      return row === undefined ? uuid : (textOf(row, 'name') ?? uuid);
    },
    groupMembers: (uuid) => {
      const row = groupRows.get(uuid);
      return row === undefined ? [] : itemsIn(row, 'load_balancer');
    },
  };
}

/** Records that `user` (a router or switch name) applies these load balancers, directly or through groups. */
export function noteLoadBalancerUse(
  lbs: LoadBalancers,
  kind: 'routers' | 'switches',
  user: string,
  direct: readonly string[],
  groups: readonly string[],
): void {
  const ids = new Set([...direct, ...groups.flatMap((g) => lbs.groupMembers(g))]);
  for (const lb of lbs.loadBalancers) {
    if (lb.uuid !== null && ids.has(lb.uuid) && !lb[kind].includes(user)) lb[kind].push(user);
  }
}
