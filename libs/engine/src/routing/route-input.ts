import type { Host } from '@hookpath/model';
import { parseIpv4, parsePrefix, prefixContains } from '../net/ipv4';
import { SCOPE_UNIVERSE, type Fib } from './fib';
import { describeLookup, fibLookup } from './fib-lookup';
import { describePaths, rejectReason, type Egress, type RouteFailure } from './route-decision';
import { validateSource, type SourceCheck, type SourceValidation } from './rp-filter';
import { isEgress, selectPath, type MultipathChoice } from './select-path';
import { forwardingOf, orConf, rpFilterOf } from './sysctl';

export interface InputQuery {
  src: string;
  dst: string;
  iif: string;
  mark: number;
  proto: number;
  sport: number;
  dport: number;
  tos: number;
  multipath: MultipathChoice;
}

export type InputDecision =
  | { kind: 'local'; explanation: string; rp: SourceValidation }
  | { kind: 'forward'; egress: Egress; explanation: string; rp: SourceValidation }
  /** The route was found but the source failed fib_validate_source (`check` is what was validated). */
  | { kind: 'source-invalid'; explanation: string; rp: SourceValidation; check: SourceCheck }
  | RouteFailure;

const MULTICAST = parsePrefix('224.0.0.0/4');
const LIMITED_BROADCAST = 0xffffffff;
const LOOPBACK = parsePrefix('127.0.0.0/8');
const isIn = (p: ReturnType<typeof parsePrefix>, a: number): boolean => p !== null && prefixContains(p, a);

/**
 * ip_route_input_slow: martian checks, the lookup with iif = the incoming interface and the
 * packet's mark, then local delivery (source validated as from lo) or forwarding (the incoming
 * interface must forward; the source is validated with the egress device as iif).
 */
export function routeInput(host: Host, fib: Fib, q: InputQuery): InputDecision {
  const src = parseIpv4(q.src);
  const dst = parseIpv4(q.dst);
  if (src === null || dst === null) return { kind: 'unknown', reason: 'not an IPv4 packet', explanation: 'not an IPv4 packet' };
  // one literal shape for every check: object spreads here cost more than the rest of the lookup
  const checkWith = (checkDst: number, oif: string | null): SourceCheck => ({
    src,
    dst: checkDst,
    iif: q.iif,
    mark: q.mark,
    proto: q.proto,
    sport: q.sport,
    dport: q.dport,
    tos: q.tos,
    oif,
  });
  const localnet = orConf(host, q.iif, 'route_localnet');
  const limitedBroadcast = dst === LIMITED_BROADCAST;
  if (isIn(MULTICAST, src) || src === LIMITED_BROADCAST || (src === 0 && !limitedBroadcast) || (!localnet && isIn(LOOPBACK, src))) {
    const rp: SourceValidation = {
      ok: false,
      failure: 'martian',
      setting: { value: 0, all: null, iface: null, source: '', mode: 'off' },
      explanation: `source ${q.src} is a martian address on ${q.iif}: dropped`,
    };
    return { kind: 'source-invalid', explanation: `martian source ${q.src}`, rp, check: checkWith(dst, null) };
  }
  if (dst === 0 || (!localnet && isIn(LOOPBACK, dst))) {
    return { kind: 'drop', reason: 'NO_ROUTE', explanation: `martian destination ${q.dst} arriving on ${q.iif}: dropped` };
  }
  if (limitedBroadcast) {
    // brd_input: no lookup; the source (unless 0.0.0.0, as in a DHCP discover) is validated with daddr 0
    const check = checkWith(0, null);
    const what = `limited broadcast ${q.dst}: deliver to this host (INPUT), no route lookup`;
    if (src === 0) {
      const rp: SourceValidation = {
        ok: true,
        failure: null,
        setting: rpFilterOf(host, q.iif),
        explanation: 'source 0.0.0.0 of a limited broadcast: not validated',
      };
      return { kind: 'local', explanation: what, rp };
    }
    const rp = validateSource(host, fib, check);
    return rp.ok ? { kind: 'local', explanation: what, rp } : { kind: 'source-invalid', explanation: what, rp, check };
  }
  const lookup = fibLookup(fib, {
    dst,
    src,
    iif: q.iif,
    oif: null,
    mark: q.mark,
    proto: q.proto,
    sport: q.sport,
    dport: q.dport,
    tos: q.tos,
    uid: 0,
    scope: SCOPE_UNIVERSE,
  });
  const text = describeLookup(lookup);
  const forwarding = forwardingOf(host, q.iif);
  switch (lookup.kind) {
    case 'unknown':
      return { kind: 'unknown', reason: lookup.reason, explanation: text };
    case 'none':
      return { kind: 'drop', reason: 'NO_ROUTE', explanation: `${text}: no route to ${q.dst}`, lookupFailed: true };
    case 'reject':
      return { kind: 'drop', reason: rejectReason(lookup.type), explanation: `${text}: ${lookup.type}` };
    case 'route':
      break;
    default: {
      const unreachable: never = lookup;
      return unreachable;
    }
  }
  const type = lookup.route.type;
  if (type === 'local' || type === 'broadcast') {
    const check = checkWith(dst, null);
    const rp = validateSource(host, fib, check);
    const what = type === 'local' ? 'local address: deliver to this host (INPUT)' : 'broadcast: deliver to this host (INPUT)';
    return rp.ok
      ? { kind: 'local', explanation: `${text}: ${what}`, rp }
      : { kind: 'source-invalid', explanation: `${text}: ${what}`, rp, check };
  }
  if (forwarding === null) {
    const file = `hosts/${host.name}/sysctl.txt`;
    const reason =
      host.sysctls === null
        ? `${file} was not captured (net.ipv4.ip_forward decides whether ${host.name} forwards)`
        : `net.ipv4.ip_forward is not in ${file}`;
    return { kind: 'unknown', reason, explanation: `${text}: the packet must be forwarded, but ${reason}` };
  }
  if (!forwarding.enabled) {
    return {
      kind: 'drop',
      reason: 'NOT_FORWARDING',
      explanation: `${text}: the packet must be forwarded but ${q.iif} does not forward (${forwarding.source})`,
    };
  }
  if (type !== 'unicast') {
    return { kind: 'drop', reason: 'NO_ROUTE', explanation: `${text}: ${type} route for a forwarded packet (martian destination)` };
  }
  const egress = selectPath(host, fib, lookup, q.dst, q.multipath);
  if (!isEgress(egress)) return egress;
  const check = checkWith(dst, egress.dev);
  const rp = validateSource(host, fib, check);
  const explanation = `${text}${describePaths(egress)}: forward out ${egress.dev}${egress.gateway === null ? '' : ` via ${egress.gateway}`} (${forwarding.source})`;
  return rp.ok ? { kind: 'forward', egress, explanation, rp } : { kind: 'source-invalid', explanation, rp, check };
}
