import type { ParseIssue, ParseResult, Route } from '@hookpath/model';
import { LineContext, TokenCursor, tokenize } from '../ip-common';
import { splitLines } from '../issue';
import { parseNexthopSegments, parseRouteLine, readCacheLine } from './route-text-line';
import { withDefaultFamily } from './route-family';
import { shapeRoute } from './route-shape';

/**
 * `ip route show table all` (IPv4 and IPv6 routes of every table), and also plain `ip route` or
 * `ip route show table N`. A route printed without `table` is in `main`: `show table all` omits the
 * word for the main table only, and `show table N` omits it for table N, so the caller that captured
 * a single non-main table has to know which one it was. Older iproute2 (before 4.x) separates fields
 * with two spaces and prints an indented `cache ...` line under a cached IPv6 route; both are read.
 * IPv6 routes are kept with their IPv6 prefix (`::/0` for an IPv6 `default`) and are not modelled.
 */
export function parseIpRouteText(content: string, file: string): ParseResult<Route[]> {
  const lines = splitLines(content);
  const errors: ParseIssue[] = [];
  const routes: { route: Route; ipv6Attribute: boolean }[] = [];
  // The route the continuation lines belong to; null after a route line that had an error.
  let last: Route | null = null;
  let sawRouteLine = false;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const ctx = new LineContext(file, lines, index, errors);
    const tokens = tokenize(line);
    if (/^\s/.test(line) && tokens[0]?.text === 'cache') {
      if (!sawRouteLine) ctx.error(tokens[0].column, '`cache` line without a route before it');
      else readCacheLine(ctx, tokens);
      return;
    }
    if (/^\s/.test(line)) {
      if (tokens[0]?.text !== 'nexthop') {
        ctx.error(
          tokens[0]?.column ?? 1,
          'indented line that is not a `nexthop` of a multipath route nor the `cache` line of a cached route',
        );
        return;
      }
      if (last === null) {
        if (!sawRouteLine) ctx.error(tokens[0].column, '`nexthop` line without a route before it');
        return;
      }
      const nexthops = parseNexthopSegments(ctx, new TokenCursor(tokens));
      if (nexthops !== null) last.nexthops.push(...nexthops);
      return;
    }
    sawRouteLine = true;
    const parsed = parseRouteLine(ctx, tokens);
    last = parsed?.route ?? null;
    if (parsed !== null) routes.push(parsed);
  });
  return { value: routes.map(({ route, ipv6Attribute }) => shapeRoute(withDefaultFamily(route, ipv6Attribute))), errors };
}
