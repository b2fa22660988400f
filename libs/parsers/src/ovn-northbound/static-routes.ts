import type { OvnStaticRoute } from '@hookpath/model';
import type { OvsdbRecord } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import { mapIn, rowIssue, textOf, uuidOf, type BuildContext } from './nb-table';

/** Logical_Router_Static_Route rows; a policy other than dst-ip (the default) or src-ip is an error. */
export function staticRouteRows(ctx: BuildContext): (row: OvsdbRecord) => OvnStaticRoute | null {
  const table = ctx.tables.get('Logical_Router_Static_Route');
  return (r) => {
    const policy = textOf(r, 'policy') ?? 'dst-ip';
    if (policy !== 'dst-ip' && policy !== 'src-ip') {
      if (table !== undefined)
        ctx.errors.push(rowIssue(table, r, 'policy', `static route policy ${JSON.stringify(policy)} (dst-ip, src-ip)`));
      return null;
    }
    return {
      uuid: uuidOf(r),
      ipPrefix: textOf(r, 'ip_prefix') ?? '',
      nexthop: textOf(r, 'nexthop') ?? '',
      policy,
      outputPort: textOf(r, 'output_port'),
      routeTable: textOf(r, 'route_table') ?? '',
      options: mapIn(r, 'options'),
      bfd: textOf(r, 'bfd'),
      externalIds: mapIn(r, 'external_ids'),
    };
  };
}
