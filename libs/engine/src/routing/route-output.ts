import type { Host } from '@hookpath/model';
import { formatIpv4, parseIpv4 } from '../net/ipv4';
import { addressOwner, inetSelectAddr } from './addresses';
import { SCOPE_LINK, SCOPE_UNIVERSE, type Fib } from './fib';
import { describeLookup, fibLookup } from './fib-lookup';
import { describePaths, rejectReason, type Egress, type RouteFailure } from './route-decision';
import { isEgress, selectPath, type MultipathChoice } from './select-path';

export interface OutputQuery {
  /** The packet's source; null lets the kernel choose (an unbound socket). */
  src: string | null;
  dst: string;
  mark: number;
  proto: number;
  sport: number;
  dport: number;
  tos: number;
  /** SO_BINDTODEVICE; null for an unbound socket. */
  oif: string | null;
  multipath: MultipathChoice;
}

export type OutputDecision =
  | { kind: 'local'; src: string; explanation: string }
  | { kind: 'out'; egress: Egress; src: string; explanation: string }
  /**
   * A broadcast route (RTCF_BROADCAST | RTCF_LOCAL): the packet goes out on `dev` to every
   * station of the link, and ip_mc_output loops a copy back to the host's own sockets.
   */
  | { kind: 'broadcast'; dev: string; src: string; explanation: string }
  | RouteFailure;

const LIMITED_BROADCAST = 0xffffffff;

/**
 * ip_route_output_key: the lookup runs as from lo (iif = LOOPBACK_IFINDEX) with the packet's
 * mark; a local route sends the packet through lo; otherwise the source, when the socket has
 * none, is the route's `src` or inet_select_addr on the egress device (towards the gateway, with
 * the route's scope).
 */
export function routeOutput(host: Host, fib: Fib, q: OutputQuery): OutputDecision {
  const dst = parseIpv4(q.dst);
  const given = q.src === null ? 0 : parseIpv4(q.src);
  if (dst === null || given === null) return { kind: 'unknown', reason: 'not an IPv4 packet', explanation: 'not an IPv4 packet' };
  const lookup = fibLookup(fib, {
    dst,
    src: given,
    iif: 'lo',
    oif: q.oif,
    mark: q.mark,
    proto: q.proto,
    sport: q.sport,
    dport: q.dport,
    tos: q.tos,
    uid: 0,
    scope: SCOPE_UNIVERSE,
  });
  const text = describeLookup(lookup);
  const notLocal =
    given !== 0 && addressOwner(host, given) === null && host.interfaces !== null
      ? `; note: ${formatIpv4(given)} is not an address of ${host.name} (a socket could only send it with IP_TRANSPARENT or ip_nonlocal_bind)`
      : '';
  switch (lookup.kind) {
    case 'unknown':
      return { kind: 'unknown', reason: lookup.reason, explanation: text };
    case 'none':
      return { kind: 'drop', reason: 'NO_ROUTE', explanation: `${text}: no route to ${q.dst} (ENETUNREACH)` };
    case 'reject':
      return { kind: 'drop', reason: rejectReason(lookup.type), explanation: `${text}: ${lookup.type}` };
    case 'route':
      break;
    default: {
      const unreachable: never = lookup;
      return unreachable;
    }
  }
  const route = lookup.route;
  // __mkroute_output: the limited broadcast takes the route's device as a broadcast, never its gateway.
  if (route.type === 'broadcast' || (route.type === 'unicast' && dst === LIMITED_BROADCAST)) {
    const dev = q.oif ?? lookup.nexthops.find((nh) => nh.dev !== null)?.dev ?? null;
    if (dev === null)
      return {
        kind: 'unknown',
        reason: `broadcast route \`${route.text}\` names no device`,
        explanation: `${text}: broadcast route without a device`,
      };
    let src = q.src;
    let how = 'given';
    if (src === null) {
      const chosen = route.route.prefsrc === undefined ? inetSelectAddr(host, dev, 0, SCOPE_LINK) : null;
      src = route.route.prefsrc ?? chosen?.address ?? '0.0.0.0';
      how = route.route.prefsrc === undefined ? (chosen?.how ?? `no address on ${dev}`) : "the route's src";
    }
    return {
      kind: 'broadcast',
      dev,
      src,
      explanation: `${text}: broadcast ${q.dst} out ${dev} (the socket needs SO_BROADCAST), source ${src} (${how}); a copy is also looped back to ${host.name}'s own sockets${notLocal}`,
    };
  }
  if (route.type === 'local') {
    const src = q.src ?? route.route.prefsrc ?? q.dst;
    return {
      kind: 'local',
      src,
      explanation: `${text}: local destination, sent through lo; source ${src}${q.src === null ? ' (chosen)' : ''}${notLocal}`,
    };
  }
  if (route.type !== 'unicast') {
    return { kind: 'unknown', reason: `${route.type} routes are not modelled`, explanation: `${text}: ${route.type} route` };
  }
  const egress = selectPath(host, fib, lookup, q.dst, q.multipath);
  if (!isEgress(egress)) return egress;
  let src = q.src;
  let how = 'given';
  if (src === null) {
    if (route.route.prefsrc !== undefined) {
      src = route.route.prefsrc;
      how = "the route's src";
    } else {
      const gw = egress.gateway === null ? 0 : (parseIpv4(egress.gateway) ?? 0);
      const chosen = inetSelectAddr(host, egress.dev, gw, route.scope);
      src = chosen?.address ?? '0.0.0.0';
      how = chosen?.how ?? `no address to choose: ${egress.dev} and every other device lack one of suitable scope`;
    }
  }
  return {
    kind: 'out',
    egress,
    src,
    explanation: `${text}${describePaths(egress)}; out ${egress.dev}${egress.gateway === null ? '' : ` via ${egress.gateway}`}, source ${src} (${how})${notLocal}`,
  };
}
