import type { Host, IpRule, Route, RouteType } from '@hookpath/model';
import { parseIpv4, parsePrefix, type Prefix } from '../net/ipv4';
import { routeText, ruleText } from './route-text';

/** rt_scope_t: smaller is wider. */
export const SCOPE_UNIVERSE = 0;
export const SCOPE_SITE = 200;
export const SCOPE_LINK = 253;
export const SCOPE_HOST = 254;
export const SCOPE_NOWHERE = 255;

export function scopeNumber(scope: string | undefined): number {
  switch (scope) {
    case undefined:
    case 'global':
    case 'universe':
      return SCOPE_UNIVERSE;
    case 'site':
      return SCOPE_SITE;
    case 'link':
      return SCOPE_LINK;
    case 'host':
      return SCOPE_HOST;
    case 'nowhere':
      return SCOPE_NOWHERE;
    default: {
      const n = Number(scope);
      return Number.isInteger(n) ? n : SCOPE_UNIVERSE;
    }
  }
}

export interface FibNexthop {
  gateway: string | null;
  dev: string | null;
  weight: number;
  onlink: boolean;
  dead: boolean;
}

export interface FibRoute {
  route: Route;
  table: string;
  prefix: Prefix;
  type: RouteType;
  scope: number;
  metric: number;
  /** Position in the snapshot's route list: the kernel's order among equal prefixes and metrics. */
  order: number;
  text: string;
  nexthops: FibNexthop[];
  /** The nexthops that are not dead: what a lookup without an oif can use (shared, not to be changed). */
  live: FibNexthop[];
}

export interface FibTable {
  id: string;
  /** Longest prefix first, then lowest metric, then snapshot order. */
  routes: FibRoute[];
}

export interface FibRule {
  rule: IpRule;
  text: string;
  from: Prefix;
  to: Prefix;
  ipproto: number | null;
  sport: [number, number] | null;
  dport: [number, number] | null;
  uid: [number, number] | null;
  tos: number | null;
  /**
   * The selector's device and mark fields, copied out of the parsed rule so every compiled rule
   * has the same fields (null when the rule does not select on them).
   */
  iif: string | null;
  oif: string | null;
  fwmark: number | null;
  fwmask: number;
  /** An iif/oif rule whose device is gone (`[detached]`) matches nothing. */
  detachedDevice: boolean;
  l3mdev: boolean;
  not: boolean;
}

export interface Fib {
  tables: Map<string, FibTable>;
  /** In priority order (ties keep the order `ip rule show` printed). */
  rules: FibRule[];
  /** True when ip-rule was not captured and the kernel's three default rules stand in. */
  rulesAssumed: boolean;
  /** fib4_has_custom_rules: anything beyond the default rules changes how rp_filter=0 validates. */
  customRules: boolean;
  /** fib_has_custom_local_routes: local-table routes that no address produced. */
  customLocalRoutes: boolean;
  /** VRF devices exist: l3mdev rules and tables would apply. */
  hasVrf: boolean;
}

const PROTOCOLS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, sctp: 132 };

export function protocolNumber(text: string): number | null {
  const named = PROTOCOLS[text.toLowerCase()];
  if (named !== undefined) return named;
  const n = Number(text.replace(/^ipproto-/i, ''));
  return Number.isInteger(n) ? n : null;
}

function range(text: string | undefined): [number, number] | null {
  if (text === undefined) return null;
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (m === null) return null;
  const lo = Number(m[1]);
  return [lo, m[2] === undefined ? lo : Number(m[2])];
}

function nexthopsOf(route: Route): FibNexthop[] {
  const routeOnlink = route.flags.includes('onlink');
  const routeDead = route.flags.includes('dead');
  if (route.nexthops.length === 0) {
    return [{ gateway: route.gateway ?? null, dev: route.dev ?? null, weight: 1, onlink: routeOnlink, dead: routeDead }];
  }
  return route.nexthops.map((nh) => ({
    gateway: nh.gateway ?? null,
    dev: nh.dev ?? null,
    weight: nh.weight,
    onlink: routeOnlink || nh.flags.includes('onlink'),
    dead: routeDead || nh.flags.includes('dead'),
  }));
}

const DEFAULT_RULES: IpRule[] = [
  { priority: 0, not: false, from: 'all', to: 'all', l3mdev: false, action: 'lookup', table: 'local', detached: false },
  { priority: 32766, not: false, from: 'all', to: 'all', l3mdev: false, action: 'lookup', table: 'main', detached: false },
  { priority: 32767, not: false, from: 'all', to: 'all', l3mdev: false, action: 'lookup', table: 'default', detached: false },
];

function isDefaultRuleSet(rules: readonly IpRule[]): boolean {
  if (rules.length !== DEFAULT_RULES.length) return false;
  return rules.every((r, i) => {
    const d = DEFAULT_RULES[i];
    return d !== undefined && ruleText(r) === ruleText(d) && r.priority === d.priority;
  });
}

function compileRule(rule: IpRule): FibRule | null {
  const from = parsePrefix(rule.from);
  const to = parsePrefix(rule.to);
  if (from === null || to === null) return null;
  const tos = rule.tos === undefined ? null : Number(rule.tos);
  return {
    rule,
    text: ruleText(rule),
    from,
    to,
    ipproto: rule.ipproto === undefined ? null : protocolNumber(rule.ipproto),
    sport: range(rule.sport),
    dport: range(rule.dport),
    uid: range(rule.uidrange),
    tos: tos === null || Number.isNaN(tos) ? null : tos,
    iif: rule.iif ?? null,
    oif: rule.oif ?? null,
    fwmark: rule.fwmark ?? null,
    fwmask: rule.fwmask ?? 0xffffffff,
    detachedDevice: rule.detached && (rule.iif !== undefined || rule.oif !== undefined),
    l3mdev: rule.l3mdev,
    not: rule.not,
  };
}

/**
 * The host's FIB: IPv4 routes per table and the policy rules. Null when ip-route was not captured
 * (routing decisions are then unknown).
 */
export function compileFib(host: Host): Fib | null {
  if (host.routes === null) return null;
  const tables = new Map<string, FibTable>();
  host.routes.forEach((route, order) => {
    const prefix = parsePrefix(route.dst);
    if (prefix === null) return;
    if (route.gateway !== undefined && parseIpv4(route.gateway) === null) return;
    const nexthops = nexthopsOf(route);
    const fibRoute: FibRoute = {
      route,
      table: route.table,
      prefix,
      type: route.type,
      scope: scopeNumber(route.scope),
      metric: route.metric ?? 0,
      order,
      text: routeText(route),
      nexthops,
      live: nexthops.filter((nh) => !nh.dead),
    };
    const table = tables.get(route.table) ?? { id: route.table, routes: [] };
    table.routes.push(fibRoute);
    tables.set(route.table, table);
  });
  for (const table of tables.values()) {
    table.routes.sort((a, b) => b.prefix.length - a.prefix.length || a.metric - b.metric || a.order - b.order);
  }
  const captured = host.rules !== null;
  const ipRules = captured ? (host.rules ?? []) : DEFAULT_RULES;
  const rules = ipRules
    .map((rule, index) => ({ rule: compileRule(rule), index }))
    .filter((r): r is { rule: FibRule; index: number } => r.rule !== null)
    .sort((a, b) => a.rule.rule.priority - b.rule.rule.priority || a.index - b.index)
    .map((r) => r.rule);
  const customLocalRoutes = (tables.get('local')?.routes ?? []).some((r) => r.route.protocol !== 'kernel');
  return {
    tables,
    rules,
    rulesAssumed: !captured,
    customRules: captured && !isDefaultRuleSet(ipRules),
    customLocalRoutes,
    hasVrf: (host.interfaces ?? []).some((i) => i.kind === 'vrf'),
  };
}

/** Tables other than local/main/default: policy rules must exist to reach them. */
export function numberedTables(fib: Fib): string[] {
  return [...fib.tables.keys()].filter((t) => t !== 'local' && t !== 'main' && t !== 'default');
}
