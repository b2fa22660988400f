import type { Host } from '@hookpath/model';
import type { Connection } from '../conntrack/connection';
import type { ManipType } from '../conntrack/nat-binding';
import type { Tracked } from '../conntrack/track';
import type { Hook } from '../packet/hooks';
import type { Packet, TcpFlag } from '../packet/packet';
import { forwardingOf, sysctlNumber } from '../routing/sysctl';

/**
 * What a stopped request sends back (TRACE-CONTRACT "ICMP errors and resets coming back"): an ICMP
 * error, a TCP reset, or something the engine does not model (`unknown` says what).
 * `source` is how icmp_send picks the error's source address: the request's destination when the
 * request was for this host (its route is RTCF_LOCAL), else the output route's choice towards the
 * sender (saddr 0, as with net.ipv4.icmp_errors_use_inbound_ifaddr = 0).
 */
export type ProvokedError =
  | { kind: 'icmp'; type: number; code: number; name: string; source: 'destination' | 'route' }
  | { kind: 'tcp-reset' }
  | { kind: 'unknown'; reason: string };

/** The connection on the generating host the error or reset is attached to (nf_ct_attach). */
export interface AttachedConnection {
  /** The request's conntrack entry there, and the request's direction in it. */
  conn: Connection;
  requestDirection: 'ORIGINAL' | 'REPLY';
  /** Manips nf_nat had set up for that connection when the request was stopped. */
  natInitialized: ReadonlySet<ManipType>;
}

export interface Provoked {
  error: ProvokedError;
  attached: AttachedConnection | null;
}

/**
 * The request's connection on the host that stops it, which the error or reset joins as RELATED
 * (nf_ct_attach; unconfirmed or not). The request has been through PREROUTING's nat (DST) but not
 * POSTROUTING's or INPUT's (SRC) when it is rejected in INPUT or FORWARD or fails its route.
 */
export function attachedOf(tracked: Tracked | null): AttachedConnection | null {
  if (tracked === null) return null;
  if (tracked.kind === 'new') return { conn: tracked.conn, requestDirection: 'ORIGINAL', natInitialized: new Set(['DST']) };
  if (tracked.kind === 'existing')
    return { conn: tracked.conn, requestDirection: tracked.direction, natInitialized: new Set(['DST', 'SRC']) };
  return null;
}

/** `--reject-with` names (and the aliases iptables accepts) as ICMP destination unreachable codes. */
const REJECT_ICMP: Readonly<Record<string, { code: number; name: string }>> = {
  'icmp-net-unreachable': { code: 0, name: 'network unreachable' },
  'net-unreach': { code: 0, name: 'network unreachable' },
  'icmp-host-unreachable': { code: 1, name: 'host unreachable' },
  'host-unreach': { code: 1, name: 'host unreachable' },
  'icmp-proto-unreachable': { code: 2, name: 'protocol unreachable' },
  'proto-unreach': { code: 2, name: 'protocol unreachable' },
  'icmp-port-unreachable': { code: 3, name: 'port unreachable' },
  'port-unreach': { code: 3, name: 'port unreachable' },
  'icmp-net-prohibited': { code: 9, name: 'network administratively prohibited' },
  'net-prohib': { code: 9, name: 'network administratively prohibited' },
  'icmp-host-prohibited': { code: 10, name: 'host administratively prohibited' },
  'host-prohib': { code: 10, name: 'host administratively prohibited' },
  'icmp-admin-prohibited': { code: 13, name: 'communication administratively prohibited' },
  'admin-prohib': { code: 13, name: 'communication administratively prohibited' },
};

const inboundIfaddr = (host: Host): boolean => (sysctlNumber(host, 'net.ipv4.icmp_errors_use_inbound_ifaddr') ?? 0) !== 0;

function routedSource(host: Host): ProvokedError | null {
  return inboundIfaddr(host)
    ? {
        kind: 'unknown',
        reason: `net.ipv4.icmp_errors_use_inbound_ifaddr is set on ${host.name}: an ICMP error from the inbound interface's address is not modelled`,
      }
    : null;
}

/**
 * xt_REJECT (INPUT, FORWARD, OUTPUT only): nf_send_unreach calls icmp_send with the `--reject-with`
 * code; nf_send_reset answers with a RST from the request's destination, ACKing it when the request
 * had no ACK. A rejected RST gets no reset.
 */
export function rejectError(host: Host, hook: Hook, rejectWith: string | null, request: Packet): ProvokedError | null {
  // icmp_send never answers an ICMP error, nf_send_reset never a RST
  if (request.inner !== undefined) return null;
  const name = rejectWith ?? 'icmp-port-unreachable';
  if (hook !== 'INPUT' && hook !== 'FORWARD') {
    return {
      kind: 'unknown',
      reason: `a packet rejected in ${hook} on ${host.name}, the host that sent it: the ${name} that goes back to the local sender is not modelled`,
    };
  }
  if (name === 'tcp-reset') {
    if (request.proto !== 'tcp') return { kind: 'unknown', reason: `REJECT --reject-with tcp-reset on a ${request.proto} packet` };
    return request.tcpFlags.includes('RST') ? null : { kind: 'tcp-reset' };
  }
  const icmp = REJECT_ICMP[name];
  if (icmp === undefined) return { kind: 'unknown', reason: `REJECT --reject-with ${name} is not modelled` };
  const source = hook === 'INPUT' ? 'destination' : 'route';
  return (
    (source === 'route' ? routedSource(host) : null) ?? {
      kind: 'icmp',
      type: 3,
      code: icmp.code,
      name: `destination unreachable (${icmp.name})`,
      source,
    }
  );
}

const ROUTE_ICMP = {
  UNREACHABLE: { type: 3, code: 1, name: 'destination unreachable (host unreachable)' },
  PROHIBIT: { type: 3, code: 13, name: 'destination unreachable (communication administratively prohibited)' },
  NO_ROUTE: { type: 3, code: 0, name: 'destination unreachable (network unreachable)' },
  TTL_EXCEEDED: { type: 11, code: 0, name: 'time exceeded (TTL exceeded in transit)' },
} as const;

/**
 * ip_error for a forwarded packet whose route is `unreachable` (EHOSTUNREACH: host unreachable) or
 * `prohibit` (EACCES: communication administratively prohibited) or no route at all (ENETUNREACH:
 * network unreachable), and ip_forward's TTL check
 * (time exceeded in transit). ip_error sends nothing when the inbound interface does not forward.
 */
export function routeError(
  host: Host,
  inIface: string,
  reason: 'UNREACHABLE' | 'PROHIBIT' | 'NO_ROUTE' | 'TTL_EXCEEDED',
): ProvokedError | null {
  if (reason !== 'TTL_EXCEEDED') {
    const forwarding = forwardingOf(host, inIface);
    if (forwarding === null)
      return {
        kind: 'unknown',
        reason: `whether ${host.name} forwards on ${inIface} is not captured (ip_error sends its ICMP error only then)`,
      };
    if (!forwarding.enabled) return null;
  }
  const icmp = ROUTE_ICMP[reason];
  return routedSource(host) ?? { kind: 'icmp', ...icmp, source: 'route' };
}

/** IP4_REPLY_MARK: the request's mark with net.ipv4.fwmark_reflect, else 0. */
const replyMark = (host: Host, request: Packet): number => ((sysctlNumber(host, 'net.ipv4.fwmark_reflect') ?? 0) !== 0 ? request.mark : 0);
const defaultTtl = (host: Host): number => sysctlNumber(host, 'net.ipv4.ip_default_ttl') ?? 64;

/** ICMP errors quote the request's IP header and its first 8 bytes of payload; the whole error is at most 576 bytes. */
const ICMP_ERROR_MAX = 576;

/**
 * The packet the generating host sends: an ICMP error to the request's source quoting the request as
 * it was there (source 0.0.0.0: the output route chooses), or a RST,ACK (RST for a request with ACK)
 * with the request's addresses and ports swapped. ICMP errors carry TOS 0xc0 (IPTOS_PREC_INTERNETCONTROL).
 */
export function errorPacket(host: Host, error: Exclude<ProvokedError, { kind: 'unknown' }>, request: Packet): Packet {
  const base = { icmpId: 0, mark: replyMark(host, request), ttl: defaultTtl(host), srcMac: undefined, dstMac: undefined };
  if (error.kind === 'tcp-reset') {
    const tcpFlags: TcpFlag[] = request.tcpFlags.includes('ACK') ? ['RST'] : ['RST', 'ACK'];
    return {
      ...base,
      src: request.dst,
      dst: request.src,
      proto: 'tcp',
      sport: request.dport,
      dport: request.sport,
      icmpType: 0,
      icmpCode: 0,
      tcpFlags,
      length: 40,
      tos: 0,
    };
  }
  return {
    ...base,
    src: error.source === 'destination' ? request.dst : '0.0.0.0',
    dst: request.src,
    proto: 'icmp',
    sport: 0,
    dport: 0,
    icmpType: error.type,
    icmpCode: error.code,
    tcpFlags: [],
    length: Math.min(ICMP_ERROR_MAX, 28 + request.length),
    tos: 0xc0,
    inner: {
      proto: request.proto,
      src: request.src,
      dst: request.dst,
      sport: request.sport,
      dport: request.dport,
      icmpType: request.icmpType,
      icmpId: request.icmpId,
    },
  };
}

export function describeError(error: Exclude<ProvokedError, { kind: 'unknown' }>): string {
  return error.kind === 'tcp-reset' ? 'TCP reset' : `ICMP ${error.name}, type ${error.type} code ${error.code}`;
}
