import type { RouteType } from '@hookpath/model';

/** Route types as iproute2 names them (`rtnl_rtntype_n2a`); a route printed without one is unicast. */
export const ROUTE_TYPES: readonly RouteType[] = [
  'unicast',
  'local',
  'broadcast',
  'multicast',
  'anycast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
  'nat',
];

export function toRouteType(text: string): RouteType | undefined {
  return ROUTE_TYPES.find((type) => type === text);
}

/** Route and next-hop flags (`print_rt_flags`): kept in Route.flags / RouteNexthop.flags. */
export const ROUTE_FLAGS: ReadonlySet<string> = new Set([
  'dead',
  'onlink',
  'pervasive',
  'offload',
  'trap',
  'notify',
  'linkdown',
  'unresolved',
  'rt_offload',
  'rt_trap',
  'rt_offload_failed',
]);

/**
 * Attributes printed with one value that the model does not keep: source prefix (`from`, IPv6
 * subtrees), TOS, nexthop-object id, IPv6 preference and expiry, cached error, realms and the
 * RTAX metrics (`mtu lock 1400`: a metric may carry `lock` before its value).
 */
export const IGNORED_VALUE_KEYS: ReadonlySet<string> = new Set([
  'from',
  'tos',
  'dsfield',
  'nhid',
  'pref',
  'expires',
  'error',
  'realms',
  'realm',
]);

/** What an older iproute2 prints from a cached route's RTA_CACHEINFO on its `cache` line besides expires and error. */
export const CACHE_VALUE_KEYS: ReadonlySet<string> = new Set(['users', 'used', 'age', 'ipid', 'ts', 'tsage']);

export const METRIC_KEYS: ReadonlySet<string> = new Set([
  'mtu',
  'advmss',
  'rtt',
  'rttvar',
  'reordering',
  'window',
  'cwnd',
  'initcwnd',
  'initrwnd',
  'ssthresh',
  'rto_min',
  'hoplimit',
  'quickack',
  'congctl',
  'features',
  'fastopen_no_cookie',
]);
