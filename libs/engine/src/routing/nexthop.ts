import type { Host } from '@hookpath/model';
import { formatIpv4, parseIpv4 } from '../net/ipv4';
import { findInterface } from './addresses';
import { SCOPE_UNIVERSE, type Fib, type FibNexthop, type FibRoute } from './fib';
import { fibLookup, lookupTable, type Flow } from './fib-lookup';

export type NexthopResolution = { ok: true; dev: string; gateway: string | null } | { ok: false; reason: string };

/** A flow the kernel builds for its own lookups (fib_check_nh, inet_addr_type): only dst, scope and oif set. */
export const flowTo = (dst: number, scope: number, oif: string | null): Flow => ({
  dst,
  src: 0,
  iif: 'lo',
  oif,
  mark: 0,
  proto: 0,
  sport: 0,
  dport: 0,
  tos: 0,
  uid: 0,
  scope,
});

const resolutions = new WeakMap<FibNexthop, NexthopResolution>();

/**
 * resolveNexthop once per next hop of a compiled FIB: the answer depends only on the host's
 * routes, which do not change between traces. The result is shared: callers must not change it.
 */
export function resolveNexthop(host: Host, fib: Fib, route: FibRoute, nh: FibNexthop): NexthopResolution {
  let known = resolutions.get(nh);
  if (known === undefined) {
    known = checkNexthop(host, fib, route, nh);
    resolutions.set(nh, known);
  }
  return known;
}

/**
 * fib_check_nh_v4_gw: a gateway must be reachable on-link, i.e. through a route of link or host
 * scope (looked up in the route's own table, then through the rules), on the route's device if it
 * names one. `onlink` skips the check. The kernel refuses routes that fail it, so a snapshot route
 * failing it means the snapshot is inconsistent.
 */
function checkNexthop(host: Host, fib: Fib, route: FibRoute, nh: FibNexthop): NexthopResolution {
  if (nh.gateway === null) {
    if (nh.dev === null) return { ok: false, reason: `route \`${route.text}\` has neither a gateway nor a device` };
    return { ok: true, dev: nh.dev, gateway: null };
  }
  const gw = parseIpv4(nh.gateway);
  if (gw === null) return { ok: false, reason: `route \`${route.text}\`: gateway ${nh.gateway} is not IPv4` };
  if (nh.onlink) {
    if (nh.dev === null) return { ok: false, reason: `route \`${route.text}\` is onlink without a device` };
    if (host.interfaces !== null && findInterface(host, nh.dev) === undefined) {
      return { ok: false, reason: `route \`${route.text}\`: device ${nh.dev} does not exist` };
    }
    return { ok: true, dev: nh.dev, gateway: nh.gateway };
  }
  // The check looks for a route of scope > the route's own scope (RT_SCOPE_LINK or HOST for a gateway route).
  const flow = flowTo(gw, Math.max(route.scope, SCOPE_UNIVERSE) + 1, nh.dev);
  const own = fib.tables.get(route.table);
  let dev: string | null = null;
  const tableHit = own === undefined ? null : lookupTable(own, flow);
  if (tableHit !== null && tableHit.kind === 'hit' && (tableHit.route.type === 'unicast' || tableHit.route.type === 'local')) {
    dev = tableHit.nexthops[0]?.dev ?? null;
  } else {
    const viaRules = fibLookup(fib, flow);
    if (viaRules.kind === 'route' && (viaRules.route.type === 'unicast' || viaRules.route.type === 'local')) {
      dev = viaRules.nexthops[0]?.dev ?? null;
    }
  }
  if (dev === null || (nh.dev !== null && dev !== nh.dev)) {
    return {
      ok: false,
      reason: `route \`${route.text}\` in table ${route.table}: gateway ${formatIpv4(gw)} is not reachable on-link${nh.dev === null ? '' : ` via ${nh.dev}`} and the route is not onlink (the kernel would have refused it)`,
    };
  }
  return { ok: true, dev: nh.dev ?? dev, gateway: nh.gateway };
}
