import type { Route, RouteNexthop } from '@hookpath/model';
import { canonicalTable, isIpAddress, isPrefix, toCidr } from '../ip-common';
import type { JsonFields } from '../ip-common';
import { IPV6_ONLY_KEYS, withDefaultFamily } from './route-family';
import { toRouteType } from './route-vocabulary';

/** `gateway`, or `via: {family, host}` when the gateway's family differs from the route's. */
function gatewayOf(fields: JsonFields): string | undefined {
  const gateway = fields.string('gateway') ?? fields.child('via')?.string('host');
  if (gateway !== undefined && !isIpAddress(gateway)) {
    fields.invalid('gateway', `not an IP address: ${JSON.stringify(gateway)}`);
    return undefined;
  }
  return gateway;
}

/**
 * One element of `ip -j route show table all`. `type` is printed only for non-unicast routes and
 * `table` only for tables other than main; host routes have no `/len` in `dst`.
 * Returns null (with an issue) when the element cannot be a route.
 */
export function routeFromJson(fields: JsonFields): Route | null {
  const typeText = fields.string('type') ?? 'unicast';
  const type = toRouteType(typeText);
  if (type === undefined) {
    fields.invalid('type', `unknown route type ${JSON.stringify(typeText)}`);
    return null;
  }
  const dst = fields.string('dst');
  if (dst === undefined || (dst !== 'default' && !isPrefix(dst))) {
    fields.invalid('dst', `expected \`default\` or a prefix, got ${JSON.stringify(fields.object.dst)}`);
    return null;
  }
  const table = fields.text('table');
  const route: Route = {
    table: table === undefined ? 'main' : canonicalTable(table),
    type,
    dst: toCidr(dst),
    gateway: gatewayOf(fields),
    dev: fields.string('dev'),
    protocol: fields.text('protocol'),
    scope: fields.text('scope'),
    prefsrc: fields.string('prefsrc'),
    metric: fields.number('metric'),
    flags: fields.strings('flags'),
    nexthops: fields.children('nexthops').map(nexthopFromJson),
  };
  return withDefaultFamily(
    route,
    [...IPV6_ONLY_KEYS].some((key) => fields.has(key)),
  );
}

function nexthopFromJson(fields: JsonFields): RouteNexthop {
  return {
    gateway: gatewayOf(fields),
    dev: fields.string('dev'),
    weight: fields.number('weight') ?? 1,
    flags: fields.strings('flags'),
  };
}
