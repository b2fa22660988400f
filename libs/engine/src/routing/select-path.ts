import type { Host } from '@hookpath/model';
import type { Fib } from './fib';
import { describeLookup, type FibLookup } from './fib-lookup';
import { resolveNexthop } from './nexthop';
import type { Egress, RouteFailure } from './route-decision';

/**
 * Which path of a multipath route to take: a number (modulo the number of paths), or a function
 * asked with the route, its usable paths and their weights (`nexthop ... weight N`).
 */
export type MultipathChoice = number | ((route: string, paths: string[], weights: number[]) => number);

/**
 * fib_select_path for a unicast result: every usable path is reported, `choice` picks one; the
 * kernel hashes the flow (fib_multipath_hash) and spreads flows by weight, which a snapshot
 * cannot reproduce for one flow.
 */
export function selectPath(
  host: Host,
  fib: Fib,
  lookup: Extract<FibLookup, { kind: 'route' }>,
  dst: string,
  choice: MultipathChoice,
): Egress | RouteFailure {
  const resolved = lookup.nexthops.map((nh) => ({ nh, r: resolveNexthop(host, fib, lookup.route, nh) }));
  const usable = resolved.filter((x) => x.r.ok);
  const good = usable.map((x) => x.r).filter((r): r is Extract<typeof r, { ok: true }> => r.ok);
  if (good.length === 0) {
    const first = resolved.map((x) => x.r).find((r): r is Extract<typeof r, { ok: false }> => !r.ok);
    const reason = first?.reason ?? `route \`${lookup.route.text}\` has no usable path`;
    return { kind: 'unknown', reason, explanation: `${describeLookup(lookup)}: ${reason}` };
  }
  const paths = good.map((g) => (g.gateway === null ? `dev ${g.dev}` : `via ${g.gateway} dev ${g.dev}`));
  const asked =
    typeof choice === 'number'
      ? choice
      : good.length > 1
        ? choice(
            lookup.route.text,
            paths,
            usable.map((x) => Math.max(1, x.nh.weight)),
          )
        : 0;
  const index = ((asked % good.length) + good.length) % good.length;
  const pick = good[index] ?? good[0];
  if (pick === undefined) return { kind: 'unknown', reason: 'no path', explanation: describeLookup(lookup) };
  return {
    dev: pick.dev,
    gateway: pick.gateway,
    nexthop: pick.gateway ?? dst,
    route: lookup.route,
    rule: lookup.rule,
    paths,
    chosen: index,
  };
}

export function isEgress(value: Egress | RouteFailure): value is Egress {
  return !('kind' in value);
}
