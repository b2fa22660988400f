import type { ParseIssue, ParseResult, Route } from '@hookpath/model';
import { topLevelObjects } from '../ip-common';
import { parseJsonDocument } from '../json-document';
import { routeFromJson } from './route-json';
import { shapeRoute } from './route-shape';

/** `ip -j route show table all` (also `ip -j route` and `ip -j route show table N`). */
export function parseIpRouteJson(content: string, file: string): ParseResult<Route[]> {
  const document = parseJsonDocument(content, file);
  if (!document.ok) return { value: [], errors: [document.issue] };
  const errors: ParseIssue[] = [];
  const routes: Route[] = [];
  for (const fields of topLevelObjects(document.value, file, errors)) {
    const route = routeFromJson(fields);
    if (route !== null) routes.push(shapeRoute(route));
  }
  return { value: routes, errors };
}
