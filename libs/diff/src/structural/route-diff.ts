import type { IpRule, Route } from '@hookpath/model';
import { added, changed, diffKeyed, removed, type StructuralChange } from './change';
import { ipRuleAction, ipRuleSelector, routeText } from '@hookpath/engine';
import { ipRuleLine, routeKey } from './route-text';

/** Routes sharing a key (ECMP written as separate routes) are compared as one group. */
function groupRoutes(routes: readonly Route[]): Map<string, Route[]> {
  const map = new Map<string, Route[]>();
  for (const r of routes) {
    const k = routeKey(r);
    const list = map.get(k);
    if (list === undefined) map.set(k, [r]);
    else list.push(r);
  }
  return map;
}

const groupText = (routes: readonly Route[]): string => routes.map(routeText).join(' ; ');

/** Routes of one host, by table, identified by table + type + prefix + metric. */
export function diffRoutes(host: string, base: readonly Route[] | null, target: readonly Route[] | null): StructuralChange[] {
  const place = (key: string, routes: readonly Route[]) => ({ host, table: routes[0].table, key });
  return diffKeyed(groupRoutes(base ?? []), groupRoutes(target ?? []), groupText, {
    added: (key, r) => [added('route.added', place(key, r), groupText(r))],
    removed: (key, r) => [removed('route.removed', place(key, r), groupText(r))],
    changed: (key, b, t) => [changed('route.changed', place(key, t), groupText(b), groupText(t))],
  });
}

/** Policy rules of one host, identified by priority + selector; a changed action is `ip-rule.changed`. */
export function diffIpRules(host: string, base: readonly IpRule[] | null, target: readonly IpRule[] | null): StructuralChange[] {
  const key = (r: IpRule): string => `${String(r.priority).padStart(5, '0')} ${ipRuleSelector(r)}`;
  const map = (rules: readonly IpRule[] | null): Map<string, IpRule> => new Map((rules ?? []).map((r) => [key(r), r]));
  const place = (r: IpRule) => ({ host, key: `${r.priority}: ${ipRuleSelector(r)}` });
  return diffKeyed(map(base), map(target), ipRuleAction, {
    added: (_k, r) => [added('ip-rule.added', place(r), ipRuleLine(r))],
    removed: (_k, r) => [removed('ip-rule.removed', place(r), ipRuleLine(r))],
    changed: (_k, b, t) => [changed('ip-rule.changed', place(t), ipRuleLine(b), ipRuleLine(t))],
  });
}
