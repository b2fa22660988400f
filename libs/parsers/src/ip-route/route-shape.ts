import type { Route, RouteNexthop } from '@hookpath/model';

/** Copies a Route in the model's field order without undefined fields (JSON and text then compare equal). */
export function shapeRoute(route: Route): Route {
  const shaped: Record<string, unknown> = { table: route.table, type: route.type, dst: route.dst };
  if (route.gateway !== undefined) shaped.gateway = route.gateway;
  if (route.dev !== undefined) shaped.dev = route.dev;
  if (route.protocol !== undefined) shaped.protocol = route.protocol;
  if (route.scope !== undefined) shaped.scope = route.scope;
  if (route.prefsrc !== undefined) shaped.prefsrc = route.prefsrc;
  if (route.metric !== undefined) shaped.metric = route.metric;
  shaped.flags = route.flags;
  shaped.nexthops = route.nexthops.map(shapeNexthop);
  return shaped as unknown as Route;
}

function shapeNexthop(nexthop: RouteNexthop): RouteNexthop {
  const shaped: Record<string, unknown> = {};
  if (nexthop.gateway !== undefined) shaped.gateway = nexthop.gateway;
  if (nexthop.dev !== undefined) shaped.dev = nexthop.dev;
  shaped.weight = nexthop.weight;
  shaped.flags = nexthop.flags;
  return shaped as unknown as RouteNexthop;
}
