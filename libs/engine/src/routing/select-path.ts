import type { Host } from '@hookpath/model';
import type { Fib } from './fib';
import { describeLookup, type FibLookup } from './fib-lookup';
import { resolveNexthop } from './nexthop';
import type { Egress, RouteFailure } from './route-decision';

/**
 * fib_select_path for a unicast result: every usable path is reported, `choice` (modulo the
 * number of paths) picks one; the kernel hashes the flow, which a snapshot cannot reproduce.
 */
export function selectPath(host: Host, fib: Fib, lookup: Extract<FibLookup, { kind: 'route' }>, dst: string, choice: number): Egress | RouteFailure {
  const resolved = lookup.nexthops.map((nh) => resolveNexthop(host, fib, lookup.route, nh));
  const good = resolved.filter((r): r is Extract<typeof r, { ok: true }> => r.ok);
  if (good.length === 0) {
    const first = resolved.find((r): r is Extract<typeof r, { ok: false }> => !r.ok);
    const reason = first?.reason ?? `route \`${lookup.route.text}\` has no usable path`;
    return { kind: 'unknown', reason, explanation: `${describeLookup(lookup)}: ${reason}` };
  }
  const index = ((choice % good.length) + good.length) % good.length;
  const pick = good[index] ?? good[0];
  if (pick === undefined) return { kind: 'unknown', reason: 'no path', explanation: describeLookup(lookup) };
  return {
    dev: pick.dev,
    gateway: pick.gateway,
    nexthop: pick.gateway ?? dst,
    route: lookup.route,
    rule: lookup.rule,
    paths: good.map((g) => (g.gateway === null ? `dev ${g.dev}` : `via ${g.gateway} dev ${g.dev}`)),
    chosen: index,
  };
}

export function isEgress(value: Egress | RouteFailure): value is Egress {
  return !('kind' in value);
}
