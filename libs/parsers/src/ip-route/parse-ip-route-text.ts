import type { ParseIssue, ParseResult, Route } from '@hookpath/model';
import { LineContext, TokenCursor, tokenize } from '../ip-common';
import { splitLines } from '../issue';
import { parseNexthopSegments, parseRouteLine } from './route-text-line';
import { shapeRoute } from './route-shape';

/**
 * `ip route show table all` (IPv4 and IPv6 routes of every table), and also plain `ip route` or
 * `ip route show table N`. A route printed without `table` is in `main`: `show table all` omits the
 * word for the main table only, and `show table N` omits it for table N, so the caller that captured
 * a single non-main table has to know which one it was.
 */
export function parseIpRouteText(content: string, file: string): ParseResult<Route[]> {
  const lines = splitLines(content);
  const errors: ParseIssue[] = [];
  const routes: Route[] = [];
  // The route the continuation lines belong to; null after a route line that had an error.
  let last: Route | null = null;
  let sawRouteLine = false;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const ctx = new LineContext(file, lines, index, errors);
    const tokens = tokenize(line);
    if (/^\s/.test(line)) {
      if (tokens[0]?.text !== 'nexthop') {
        ctx.error(tokens[0]?.column ?? 1, 'indented line that is not a `nexthop` of a multipath route');
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
    last = parseRouteLine(ctx, tokens);
    if (last !== null) routes.push(last);
  });
  return { value: routes.map(shapeRoute), errors };
}
