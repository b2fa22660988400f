import { prefixContains } from '../net/ipv4';
import type { Fib, FibNexthop, FibRoute, FibRule, FibTable } from './fib';

/** The flowi4 of a lookup: what rules and routes select on. Addresses are numbers, 0 = unset. */
export interface Flow {
  dst: number;
  src: number;
  /** Incoming interface; `lo` for locally generated packets (LOOPBACK_IFINDEX). */
  iif: string;
  /** Outgoing interface the lookup is restricted to (a bound socket, loose rp_filter's second lookup). */
  oif: string | null;
  mark: number;
  proto: number;
  sport: number;
  dport: number;
  tos: number;
  uid: number;
  /** flowi4_scope: routes of a narrower scope are skipped. */
  scope: number;
}

export type RejectType = 'blackhole' | 'unreachable' | 'prohibit';

export type TableLookup =
  | { kind: 'hit'; route: FibRoute; nexthops: FibNexthop[] }
  | { kind: 'reject'; route: FibRoute; type: RejectType | 'throw' }
  | { kind: 'miss' };

/**
 * fib_table_lookup: the longest matching prefix, lowest metric first among equal prefixes; a
 * prefix whose routes are all unusable gives way to shorter ones. Error route types end the
 * lookup with their error (throw: -EAGAIN, the rule walk goes on).
 */
export function lookupTable(table: FibTable, flow: Flow): TableLookup {
  for (const route of table.routes) {
    if (!prefixContains(route.prefix, flow.dst)) continue;
    if (route.scope < flow.scope) continue;
    switch (route.type) {
      case 'blackhole':
      case 'unreachable':
      case 'prohibit':
      case 'throw':
        return { kind: 'reject', route, type: route.type };
      case 'unicast':
      case 'local':
      case 'broadcast':
      case 'multicast':
      case 'anycast':
      case 'nat':
        break;
      default: {
        const unreachable: never = route.type;
        return unreachable;
      }
    }
    const usable = flow.oif === null ? route.live : route.live.filter((nh) => nh.dev === flow.oif);
    if (usable.length > 0) return { kind: 'hit', route, nexthops: usable };
  }
  return { kind: 'miss' };
}

export type FibLookup =
  | { kind: 'route'; rule: FibRule; route: FibRoute; nexthops: FibNexthop[]; trail: string[] }
  | { kind: 'reject'; type: RejectType; rule: FibRule; route: FibRoute | null; trail: string[] }
  | { kind: 'none'; trail: string[] }
  | { kind: 'unknown'; reason: string; trail: string[] };

function inRange(r: [number, number] | null, value: number): boolean {
  return r === null || (value >= r[0] && value <= r[1]);
}

/** fib_rule_match + fib4_rule_match without `not`. */
function selectorMatches(rule: FibRule, flow: Flow, hasVrf: boolean): boolean {
  if (rule.detachedDevice) return false;
  if (rule.iif !== null && rule.iif !== flow.iif) return false;
  if (rule.oif !== null && rule.oif !== flow.oif) return false;
  if (rule.fwmark !== null && ((rule.fwmark ^ flow.mark) & rule.fwmask) >>> 0 !== 0) return false;
  if (rule.l3mdev && !hasVrf) return false;
  if (rule.uid !== null && !inRange(rule.uid, flow.uid)) return false;
  if (!prefixContains(rule.from, flow.src)) return false;
  if (!prefixContains(rule.to, flow.dst)) return false;
  if (rule.tos !== null && (rule.tos & 0xfc) !== (flow.tos & 0xfc)) return false;
  if (rule.ipproto !== null && rule.ipproto !== flow.proto) return false;
  if (!inRange(rule.sport, flow.sport)) return false;
  if (!inRange(rule.dport, flow.dport)) return false;
  return true;
}

/** fib_rule_match + fib4_rule_match; `not` inverts the whole selector. */
export function ruleMatches(fibRule: FibRule, flow: Flow, hasVrf: boolean): boolean {
  const matched = selectorMatches(fibRule, flow, hasVrf);
  return fibRule.not ? !matched : matched;
}

export const ruleLabel = (r: FibRule): string => `ip rule ${r.rule.priority} \`${r.text}\``;

/**
 * fib_rules_lookup: rules in priority order; `lookup` that finds nothing (or a throw route) goes
 * on to the next rule, goto jumps to the first rule of the target priority, nop does nothing,
 * blackhole/unreachable/prohibit end the lookup with their error.
 */
export function fibLookup(fib: Fib, flow: Flow): FibLookup {
  const trail: string[] = [];
  const rules = fib.rules;
  let i = 0;
  let guard = 0;
  while (i < rules.length) {
    if (++guard > rules.length * 4 + 16) return { kind: 'unknown', reason: 'ip rule goto chain does not end', trail };
    const rule = rules[i];
    if (rule === undefined) break;
    if (!ruleMatches(rule, flow, fib.hasVrf)) {
      i++;
      continue;
    }
    const r = rule.rule;
    switch (r.action) {
      case 'nop':
        i++;
        continue;
      case 'goto': {
        const target = rules.findIndex((x) => x.rule.priority === r.gotoPriority);
        if (target < 0) {
          trail.push(`${ruleLabel(rule)}: no rule with priority ${r.gotoPriority}, ignored`);
          i++;
        } else {
          trail.push(`${ruleLabel(rule)}: goto ${r.gotoPriority}`);
          i = target;
        }
        continue;
      }
      case 'blackhole':
      case 'unreachable':
      case 'prohibit':
        return { kind: 'reject', type: r.action, rule, route: null, trail };
      case 'lookup':
        break;
      default: {
        const unreachable: never = r.action;
        return unreachable;
      }
    }
    if (r.l3mdev) return { kind: 'unknown', reason: `${ruleLabel(rule)}: VRF (l3mdev) tables are not modelled`, trail };
    const tableId = r.table ?? 'main';
    const table = fib.tables.get(tableId);
    if (table === undefined) {
      trail.push(`${ruleLabel(rule)}: table ${tableId} has no routes`);
      i++;
      continue;
    }
    const hit = lookupTable(table, flow);
    if (hit.kind === 'miss') {
      // every lookup passes the local table first; saying so each time is noise
      if (tableId !== 'local') trail.push(`${ruleLabel(rule)}: no matching route in table ${tableId}`);
      i++;
      continue;
    }
    if (hit.kind === 'reject') {
      if (hit.type === 'throw') {
        trail.push(`${ruleLabel(rule)}: table ${tableId} throws (\`${hit.route.text}\`)`);
        i++;
        continue;
      }
      return { kind: 'reject', type: hit.type, rule, route: hit.route, trail };
    }
    if (r.suppressPrefixLength !== undefined && hit.route.prefix.length <= r.suppressPrefixLength) {
      trail.push(`${ruleLabel(rule)}: \`${hit.route.text}\` suppressed (prefix length <= ${r.suppressPrefixLength})`);
      i++;
      continue;
    }
    return { kind: 'route', rule, route: hit.route, nexthops: hit.nexthops, trail };
  }
  return { kind: 'none', trail };
}

/** "ip rule 2000 `from 10.12.192.44 lookup 1003` → table 1003: default via 10.12.192.1 dev eth1" */
export function describeLookup(result: FibLookup): string {
  const before = result.trail.length > 0 ? `${result.trail.join('; ')}; ` : '';
  switch (result.kind) {
    case 'route':
      return `${before}${ruleLabel(result.rule)} → table ${result.route.table}: ${result.route.text}`;
    case 'reject':
      return result.route === null
        ? `${before}${ruleLabel(result.rule)}: ${result.type}`
        : `${before}${ruleLabel(result.rule)} → table ${result.route.table}: ${result.route.text}`;
    case 'none':
      return `${before}no rule found a route`;
    case 'unknown':
      return `${before}${result.reason}`;
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}
