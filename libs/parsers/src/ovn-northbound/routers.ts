import type { OvnLogicalRouter, OvnNat, OvnRouterPolicy, OvnRouterPort, OvnStaticRoute } from '@hookpath/model';
import type { OvsdbRecord } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import { booleanOf, byName, itemsIn, leftOut, mapIn, rowIssue, rowsByUuid, textOf, uuidOf, type BuildContext } from './nb-table';
import { noteLoadBalancerUse, type LoadBalancers } from './load-balancers';
import { natRows } from './nat';
import { highestPriorityFirst, routerPolicyRows } from './router-policies';
import { routerPortRows } from './router-ports';
import { staticRouteRows } from './static-routes';

/**
 * Rows a router holds by UUID in one of its columns (ports, nat, static_routes, policies): each is
 * converted once and remembered, so rows no router holds can be reported.
 */
function owned<T>(ctx: BuildContext, table: string, convert: (row: OvsdbRecord) => T | null) {
  const rows = rowsByUuid(ctx, table);
  const placed = new Set<OvsdbRecord>();
  return {
    captured: ctx.tables.has(table),
    /** The rows of `ids` (none when the table was not captured); an id without a row is reported. */
    take(ids: readonly string[], router: { table: string; row: OvsdbRecord; column: string; name: string }): T[] {
      if (!ctx.tables.has(table)) return [];
      return ids.flatMap((id) => {
        const row = rows.get(id);
        if (row === undefined) {
          const t = ctx.tables.get(router.table);
          if (t !== undefined)
            ctx.warnings.push(
              rowIssue(
                t,
                router.row,
                router.column,
                `router ${router.name}: ${table} row ${id} is not in ${ctx.tables.get(table)?.file ?? ''}`,
              ),
            );
          return [];
        }
        placed.add(row);
        const value = convert(row);
        return value === null ? [] : [value];
      });
    },
    /** The row with this UUID, if captured (for entries nbctl-show.txt names). */
    byUuid(id: string | null): T | undefined {
      const row = id === null ? undefined : rows.get(id);
      if (row === undefined) return undefined;
      placed.add(row);
      return convert(row) ?? undefined;
    },
    row: (id: string | null): OvsdbRecord | undefined => (id === null ? undefined : rows.get(id)),
    place: (row: OvsdbRecord): void => void placed.add(row),
    finish(): void {
      for (const r of ctx.tables.get(table)?.rows ?? [])
        if (!placed.has(r)) leftOut(ctx, table, r, 'belongs to no router the snapshot shows');
    },
  };
}

/**
 * Logical routers with their ports (and gateway chassis), NAT rows, static routes, policies
 * (highest priority first) and load balancers. Logical_Router rows say which rows a router holds;
 * without them, nbctl-show.txt's routers, ports (by name) and NAT entries (by UUID) are completed
 * from whichever rows were captured, and routes and policies cannot be placed.
 */
export function routers(ctx: BuildContext, shown: readonly OvnLogicalRouter[], lbs: LoadBalancers): OvnLogicalRouter[] {
  const portRows = routerPortRows(ctx);
  const lrpByName = new Map((ctx.tables.get('Logical_Router_Port')?.rows ?? []).map((r) => [textOf(r, 'name') ?? '', r]));
  const ports = owned<OvnRouterPort>(ctx, 'Logical_Router_Port', (r) => portRows.fromRow(r, undefined));
  const nats = owned<OvnNat>(ctx, 'NAT', natRows(ctx));
  const routes = owned<OvnStaticRoute>(ctx, 'Logical_Router_Static_Route', staticRouteRows(ctx));
  const policies = owned<OvnRouterPolicy>(ctx, 'Logical_Router_Policy', routerPolicyRows(ctx));
  /** A port nbctl-show.txt prints, replaced by its row when captured. */
  const completePort = (port: OvnRouterPort): OvnRouterPort => {
    const row = lrpByName.get(port.name);
    if (row === undefined) return portRows.fromShow(port);
    ports.place(row);
    return portRows.fromRow(row, port);
  };
  const completeNat = (nat: OvnNat): OvnNat => nats.byUuid(nat.uuid) ?? nat;
  const lrTable = ctx.tables.get('Logical_Router');
  const result: OvnLogicalRouter[] = [];
  if (lrTable === undefined) {
    for (const lr of shown) result.push({ ...lr, ports: lr.ports.map(completePort), nat: lr.nat.map(completeNat) });
  } else {
    const matched = new Set<OvnLogicalRouter>();
    for (const r of lrTable.rows) {
      const name = textOf(r, 'name') ?? '';
      const uuid = uuidOf(r) ?? '';
      const show = shown.find((s) => s.uuid === uuid) ?? shown.find((s) => s.name === name);
      if (show !== undefined) matched.add(show);
      const at = (column: string) => ({ table: 'Logical_Router', row: r, column, name });
      const shownPorts = new Map((show?.ports ?? []).map((p) => [p.name, p]));
      const direct = itemsIn(r, 'load_balancer');
      const groups = itemsIn(r, 'load_balancer_group');
      noteLoadBalancerUse(lbs, 'routers', name, direct, groups);
      result.push({
        name,
        uuid,
        ports: ports.captured
          ? itemsIn(r, 'ports').flatMap((id) => {
              const row = ports.row(id);
              if (row === undefined) return ports.take([id], at('ports'));
              ports.place(row);
              return [portRows.fromRow(row, shownPorts.get(textOf(row, 'name') ?? ''))];
            })
          : (show?.ports ?? []).map(portRows.fromShow),
        nat: nats.captured ? nats.take(itemsIn(r, 'nat'), at('nat')) : (show?.nat ?? []),
        loadBalancers: direct.map(lbs.lbName),
        loadBalancerGroups: groups.map(lbs.groupName),
        staticRoutes: routes.take(itemsIn(r, 'static_routes'), at('static_routes')),
        policies: policies.take(itemsIn(r, 'policies'), at('policies')).sort(highestPriorityFirst),
        options: mapIn(r, 'options'),
        externalIds: mapIn(r, 'external_ids'),
        enabled: booleanOf(r, 'enabled'),
      });
    }
    for (const lr of shown) {
      if (matched.has(lr)) continue;
      ctx.warnings.push({
        file: lrTable.file,
        line: 0,
        column: 0,
        message: `router ${lr.name} (${lr.uuid}) is in nbctl-show.txt but not in ${lrTable.file}; kept as shown`,
        text: '',
      });
      result.push({ ...lr, ports: lr.ports.map(completePort), nat: lr.nat.map(completeNat) });
    }
  }
  for (const o of [ports, nats, routes, policies]) o.finish();
  portRows.finish();
  for (const lr of result) lr.ports.sort(byName);
  return result.sort(byName);
}
