import type { Route } from '@hookpath/model';
import { familyOf } from '../ip-common';

/**
 * Attributes iproute2 prints only for IPv6 routes: the router preference (`pref medium`) and the
 * cached error of an unreachable route (`error -101`, from RTA_CACHEINFO: the kernel's
 * ip6_null_entry is `unreachable default dev lo table unspec ... error -101`).
 */
export const IPV6_ONLY_KEYS: ReadonlySet<string> = new Set(['pref', 'error']);

/**
 * `default` names no family: `ip route show table all` prints the IPv6 default route as `default`
 * too. A default route shown to be IPv6 (an IPv6 gateway, or an attribute only IPv6 routes carry)
 * is recorded as `::/0`, like any other IPv6 prefix, so it is never read as the IPv4 default.
 */
export function withDefaultFamily(route: Route, ipv6Attribute: boolean): Route {
  if (route.dst !== 'default') return route;
  const gateways = [route.gateway, ...route.nexthops.map((nexthop) => nexthop.gateway)];
  const ipv6 = ipv6Attribute || gateways.some((gateway) => gateway !== undefined && familyOf(gateway) === 'inet6');
  return ipv6 ? { ...route, dst: '::/0' } : route;
}
