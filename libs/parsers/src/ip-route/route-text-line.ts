import type { Route, RouteNexthop } from '@hookpath/model';
import { LineContext, TokenCursor, canonicalTable, isIpAddress, isPrefix, parseUnsigned, toCidr } from '../ip-common';
import type { Token } from '../ip-common';
import { IPV6_ONLY_KEYS } from './route-family';
import { CACHE_VALUE_KEYS, IGNORED_VALUE_KEYS, METRIC_KEYS, ROUTE_FLAGS, toRouteType } from './route-vocabulary';

/**
 * Reads the value after `key`; reports and returns undefined when the line ends first.
 */
function takeValue(ctx: LineContext, cursor: TokenCursor, key: Token): Token | undefined {
  const value = cursor.next();
  if (value === undefined) ctx.error(key.column, `\`${key.text}\` without a value`);
  return value;
}

/** `via [inet|inet6] ADDRESS`: the family word appears when it differs from the route's. */
function takeGateway(ctx: LineContext, cursor: TokenCursor, key: Token): string | undefined {
  let value = takeValue(ctx, cursor, key);
  if (value !== undefined && (value.text === 'inet' || value.text === 'inet6')) value = takeValue(ctx, cursor, key);
  if (value === undefined) return undefined;
  if (!isIpAddress(value.text)) {
    ctx.error(value.column, `invalid gateway address \`${value.text}\``);
    return undefined;
  }
  return value.text;
}

/** Skips the value of an attribute the model does not keep; metrics may carry `lock` first. */
function skipIgnored(ctx: LineContext, cursor: TokenCursor, key: Token): boolean {
  if (IGNORED_VALUE_KEYS.has(key.text)) return takeValue(ctx, cursor, key) !== undefined;
  if (!METRIC_KEYS.has(key.text)) {
    ctx.error(key.column, `unknown route attribute \`${key.text}\``);
    return false;
  }
  if (cursor.peek()?.text === 'lock') cursor.next();
  return takeValue(ctx, cursor, key) !== undefined;
}

/**
 * One route line of `ip route show`: `[type] dst|default [attributes] [flags]`, then (for a
 * multipath route) `nexthop ...` segments, which iproute2 prints on continuation lines.
 * Returns null when the line has an error (the route is left out rather than half-read), else the
 * route and whether the line carries an attribute only IPv6 routes have.
 */
export function parseRouteLine(ctx: LineContext, tokens: readonly Token[]): { route: Route; ipv6Attribute: boolean } | null {
  const cursor = new TokenCursor(tokens);
  let dstToken = cursor.next() as Token;
  const type = toRouteType(dstToken.text);
  if (type !== undefined) {
    const next = cursor.next();
    if (next === undefined) {
      ctx.error(dstToken.column, `route type \`${dstToken.text}\` without a destination`);
      return null;
    }
    dstToken = next;
  }
  if (dstToken.text !== 'default' && !isPrefix(dstToken.text)) {
    ctx.error(dstToken.column, `expected a route type or destination, got \`${dstToken.text}\``);
    return null;
  }
  const route: Route = { table: 'main', type: type ?? 'unicast', dst: toCidr(dstToken.text), flags: [], nexthops: [] };
  let ipv6Attribute = false;
  while (!cursor.done) {
    const key = cursor.next() as Token;
    if (key.text === 'nexthop') {
      const nexthops = parseNexthopSegments(ctx, new TokenCursor(tokens.slice(tokens.indexOf(key))));
      if (nexthops === null) return null;
      route.nexthops.push(...nexthops);
      break;
    }
    if (IPV6_ONLY_KEYS.has(key.text)) ipv6Attribute = true;
    if (ROUTE_FLAGS.has(key.text)) {
      route.flags.push(key.text);
      continue;
    }
    if (key.text === 'cache') continue;
    if (!readRouteAttribute(ctx, cursor, key, route)) return null;
  }
  return { route, ipv6Attribute };
}

/**
 * The indented `cache ...` line older iproute2 prints under a cloned IPv6 route (RTM_F_CLONED) of a
 * table dump: `    cache  mtu 1492 hoplimit 255`, `    cache  expires 580sec mtu 1280`. What it
 * holds (cache info and metrics) is checked and not kept. Returns false when a word is unknown.
 */
export function readCacheLine(ctx: LineContext, tokens: readonly Token[]): boolean {
  const cursor = new TokenCursor(tokens.slice(1));
  while (!cursor.done) {
    const key = cursor.next() as Token;
    if (ROUTE_FLAGS.has(key.text)) continue;
    if (CACHE_VALUE_KEYS.has(key.text)) {
      if (takeValue(ctx, cursor, key) === undefined) return false;
      continue;
    }
    if (!skipIgnored(ctx, cursor, key)) return false;
  }
  return true;
}

function readRouteAttribute(ctx: LineContext, cursor: TokenCursor, key: Token, route: Route): boolean {
  switch (key.text) {
    case 'via': {
      const gateway = takeGateway(ctx, cursor, key);
      if (gateway !== undefined) route.gateway = gateway;
      return gateway !== undefined;
    }
    case 'metric': {
      const value = takeValue(ctx, cursor, key);
      const metric = value === undefined ? undefined : parseUnsigned(value.text);
      if (value !== undefined && metric === undefined) ctx.error(value.column, `invalid metric \`${value.text}\``);
      if (metric !== undefined) route.metric = metric;
      return metric !== undefined;
    }
    case 'dev':
    case 'table':
    case 'proto':
    case 'scope':
    case 'src': {
      const value = takeValue(ctx, cursor, key);
      if (value === undefined) return false;
      if (key.text === 'dev') route.dev = value.text;
      else if (key.text === 'table') route.table = canonicalTable(value.text);
      else if (key.text === 'proto') route.protocol = value.text;
      else if (key.text === 'scope') route.scope = value.text;
      else route.prefsrc = value.text;
      return true;
    }
    default:
      return skipIgnored(ctx, cursor, key);
  }
}

/**
 * `nexthop via 10.0.0.2 dev eth0 weight 1 [flags]` segments (one per continuation line, or several
 * on one line with `ip -o`). `weight` is printed as the kernel's hop count plus one.
 */
export function parseNexthopSegments(ctx: LineContext, cursor: TokenCursor): RouteNexthop[] | null {
  const nexthops: RouteNexthop[] = [];
  let current: RouteNexthop | null = null;
  while (!cursor.done) {
    const key = cursor.next() as Token;
    if (key.text === 'nexthop') {
      current = { weight: 1, flags: [] };
      nexthops.push(current);
      continue;
    }
    if (current === null) {
      ctx.error(key.column, `expected \`nexthop\`, got \`${key.text}\``);
      return null;
    }
    if (ROUTE_FLAGS.has(key.text)) {
      current.flags.push(key.text);
    } else if (key.text === 'via') {
      const gateway = takeGateway(ctx, cursor, key);
      if (gateway === undefined) return null;
      current.gateway = gateway;
    } else if (key.text === 'dev') {
      const value = takeValue(ctx, cursor, key);
      if (value === undefined) return null;
      current.dev = value.text;
    } else if (key.text === 'weight') {
      const value = takeValue(ctx, cursor, key);
      const weight = value === undefined ? undefined : parseUnsigned(value.text);
      if (value !== undefined && weight === undefined) ctx.error(value.column, `invalid weight \`${value.text}\``);
      if (weight === undefined) return null;
      current.weight = weight;
    } else if (key.text === 'realms' || key.text === 'realm') {
      if (takeValue(ctx, cursor, key) === undefined) return null;
    } else {
      ctx.error(key.column, `unknown next-hop attribute \`${key.text}\``);
      return null;
    }
  }
  return nexthops;
}
