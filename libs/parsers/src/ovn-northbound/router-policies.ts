import type { OvnPolicyAction, OvnRouterPolicy } from '@hookpath/model';
import type { OvsdbRecord } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import { integerOf, itemsIn, mapIn, matchOf, rowIssue, textOf, uuidOf, type BuildContext } from './nb-table';

const ACTIONS: readonly string[] = ['allow', 'drop', 'reroute'];

/** Logical_Router_Policy rows; `nexthop` (older OVN) and `nexthops` are merged. */
export function routerPolicyRows(ctx: BuildContext): (row: OvsdbRecord) => OvnRouterPolicy | null {
  const table = ctx.tables.get('Logical_Router_Policy');
  return (r) => {
    const action = textOf(r, 'action') ?? '';
    const priority = integerOf(r, 'priority');
    const fail = (column: string, message: string): null => {
      if (table !== undefined) ctx.errors.push(rowIssue(table, r, column, message));
      return null;
    };
    if (!ACTIONS.includes(action)) return fail('action', `router policy action ${JSON.stringify(action)} (allow, drop, reroute)`);
    if (priority === null) return fail('priority', 'router policy priority is not an integer');
    return {
      uuid: uuidOf(r),
      priority,
      match: textOf(r, 'match') ?? '',
      matchExpr: matchOf(ctx, 'Logical_Router_Policy', r),
      action: action as OvnPolicyAction,
      nexthops: [...new Set([...itemsIn(r, 'nexthop'), ...itemsIn(r, 'nexthops')])],
      options: mapIn(r, 'options'),
      externalIds: mapIn(r, 'external_ids'),
    };
  };
}

/** Highest priority first (the order northd evaluates them in); equal priorities by UUID. */
export const highestPriorityFirst = (a: OvnRouterPolicy, b: OvnRouterPolicy): number =>
  b.priority - a.priority || ((a.uuid ?? '') < (b.uuid ?? '') ? -1 : (a.uuid ?? '') > (b.uuid ?? '') ? 1 : 0);
