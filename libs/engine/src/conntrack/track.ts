import type { Host } from '@hookpath/model';
import type { Hook } from '../netfilter/hooks';
import type { Packet } from '../packet/packet';
import { sysctlNumber } from '../routing/sysctl';
import type { ConntrackState } from './conntrack-table';
import {
  formatTuple,
  ICMP_ERROR_TYPES,
  ICMP_QUERY_TYPES,
  invertIcmpType,
  invertTuple,
  isDnat,
  isSnat,
  packetTuple,
  tupleKey,
  type Connection,
} from './connection';
import type { CtState, CtView } from './ct-view';

/** What conntrack made of a packet at PREROUTING/OUTPUT (nf_conntrack_in). */
export type Tracked =
  | { kind: 'existing'; conn: Connection; direction: 'ORIGINAL' | 'REPLY'; state: 'NEW' | 'ESTABLISHED' }
  | { kind: 'new'; conn: Connection; reopens?: Connection }
  | { kind: 'invalid'; reason: string }
  | { kind: 'untracked' };

/**
 * Whether a packet that matches no entry may start a connection. TCP follows
 * nf_conntrack_proto_tcp's state table from "no connection": a SYN opens one, a bare ACK is picked
 * up mid-stream only with nf_conntrack_tcp_loose (default 1), SYN-ACK/FIN/RST/no flags are INVALID.
 * ICMP: only queries (echo, timestamp, info, address mask) open one; answers and errors without
 * a connection are INVALID (RELATED for errors is not derived: the packet carries no inner header).
 */
function cannotStart(host: Host, p: Packet): string | null {
  if (p.proto === 'tcp') {
    const f = new Set(p.tcpFlags);
    if (f.has('RST')) return 'a TCP RST that matches no connection';
    if (f.has('SYN')) return f.has('ACK') ? 'a TCP SYN-ACK that matches no connection' : null;
    if (f.has('FIN')) return 'a TCP FIN that matches no connection';
    if (f.has('ACK')) {
      const loose = sysctlNumber(host, 'net.netfilter.nf_conntrack_tcp_loose') ?? 1;
      return loose === 0 ? 'a TCP ACK that matches no connection (nf_conntrack_tcp_loose = 0: no mid-stream pickup)' : null;
    }
    return 'a TCP segment without SYN, ACK, FIN or RST';
  }
  if (p.proto === 'icmp') {
    if (ICMP_QUERY_TYPES.has(p.icmpType)) return null;
    if (ICMP_ERROR_TYPES.has(p.icmpType)) return `an ICMP error (type ${p.icmpType}) whose inner packet is not known`;
    return `an ICMP type ${p.icmpType} packet that matches no connection`;
  }
  return null;
}

/**
 * A SYN in the original direction of a connection in TIME_WAIT or CLOSE reopens it
 * (nf_conntrack_proto_tcp.c, tcp_packet: "Attempt to reopen a closed/aborted connection"): the old
 * entry is killed and the packet looked up again, so it starts a new connection and the nat table
 * decides its translation afresh.
 */
function reopens(conn: Connection, direction: 'ORIGINAL' | 'REPLY', p: Packet): boolean {
  if (p.proto !== 'tcp' || direction !== 'ORIGINAL' || (conn.tcpState !== 'TIME_WAIT' && conn.tcpState !== 'CLOSE')) return false;
  return p.tcpFlags.includes('SYN') && !p.tcpFlags.includes('ACK') && !p.tcpFlags.includes('RST');
}

/** nf_conntrack_in: the packet's connection in its zone (`-j CT --zone` in raw; 0 without). */
export function track(state: ConntrackState, host: Host, hook: Hook, p: Packet, zone = 0): Tracked {
  const tuple = packetTuple(p);
  const icmpType = p.proto === 'icmp' ? p.icmpType : null;
  const table = state.table(host.name);
  const hit = table.lookup(tupleKey(tuple, icmpType, zone));
  let reopened: Connection | undefined;
  if (hit !== undefined && reopens(hit.conn, hit.direction, p)) {
    table.remove(hit.conn);
    reopened = hit.conn;
  } else if (hit !== undefined) {
    if (hit.direction === 'REPLY') {
      hit.conn.seenReply = true;
      return { kind: 'existing', conn: hit.conn, direction: 'REPLY', state: 'ESTABLISHED' };
    }
    return { kind: 'existing', conn: hit.conn, direction: 'ORIGINAL', state: hit.conn.seenReply ? 'ESTABLISHED' : 'NEW' };
  }
  const invalid = cannotStart(host, p);
  if (invalid !== null) return { kind: 'invalid', reason: invalid };
  const conn: Connection = {
    id: state.newId(),
    proto: p.proto,
    original: tuple,
    reply: invertTuple(tuple),
    icmpTypes: icmpType === null ? null : { original: icmpType, reply: invertIcmpType(icmpType) ?? 0 },
    seenReply: false,
    assured: false,
    confirmed: false,
    mark: 0,
    zone,
    tcpState: null,
    origin: { kind: 'trace', host: host.name, hook },
  };
  return reopened === undefined ? { kind: 'new', conn } : { kind: 'new', conn, reopens: reopened };
}

/** What `-m conntrack`/`-m state`/`-m connmark` see. */
export function ctViewOf(tracked: Tracked, p: Packet): CtView {
  switch (tracked.kind) {
    case 'existing':
    case 'new': {
      const c = tracked.conn;
      const state: CtState = tracked.kind === 'new' ? 'NEW' : tracked.state;
      return {
        state,
        direction: tracked.kind === 'new' ? 'ORIGINAL' : tracked.direction,
        confirmed: c.confirmed,
        original: { ...c.original },
        reply: { ...c.reply },
        status: { seenReply: c.seenReply, assured: c.assured, snat: isSnat(c), dnat: isDnat(c), expected: false },
        mark: c.mark,
        entry: c.origin.kind === 'snapshot' ? c.origin.text : null,
      };
    }
    case 'invalid':
    case 'untracked': {
      const tuple = packetTuple(p);
      return {
        state: tracked.kind === 'invalid' ? 'INVALID' : 'UNTRACKED',
        direction: 'ORIGINAL',
        confirmed: true,
        original: tuple,
        reply: invertTuple(tuple),
        status: { seenReply: false, assured: false, snat: false, dnat: false, expected: false },
        mark: 0,
        entry: null,
      };
    }
    default: {
      const unreachable: never = tracked;
      return unreachable;
    }
  }
}

export function stateOf(tracked: Tracked): CtState {
  switch (tracked.kind) {
    case 'existing':
      return tracked.state;
    case 'new':
      return 'NEW';
    case 'invalid':
      return 'INVALID';
    case 'untracked':
      return 'UNTRACKED';
    default: {
      const unreachable: never = tracked;
      return unreachable;
    }
  }
}

const zoneLabel = (c: Connection): string => (c.zone === 0 ? '' : ` in zone ${c.zone}`);

function entryLabel(c: Connection): string {
  return c.origin.kind === 'snapshot'
    ? `existing entry (${c.origin.file} line ${c.origin.line}): ${c.origin.text.trim()}`
    : `the connection this trace created on ${c.origin.host} at ${c.origin.hook} (${formatTuple(c.original)}, reply ${formatTuple(c.reply)}${zoneLabel(c)})`;
}

/** The explanation of the conntrack step. */
export function describeTracked(tracked: Tracked): string {
  switch (tracked.kind) {
    case 'new': {
      const old = tracked.reopens;
      const reopen = old === undefined ? '' : `a SYN on ${entryLabel(old)} in ${old.tcpState ?? 'TIME_WAIT'} reopens it: the old entry is deleted and `;
      return `${reopen}new connection ${formatTuple(tracked.conn.original)}${zoneLabel(tracked.conn)}: state NEW, the nat table decides its translation`;
    }
    case 'existing': {
      const c = tracked.conn;
      if (tracked.direction === 'REPLY') {
        const nat = [isSnat(c) ? 'source' : '', isDnat(c) ? 'destination' : ''].filter((x) => x !== '').join(' and ');
        return `matches ${entryLabel(c)} in the reply direction: state ESTABLISHED${nat === '' ? '' : `; its ${nat} NAT is reversed`}; nat table not consulted`;
      }
      const unreplied = tracked.state === 'NEW' ? ' (unreplied: still NEW, but already confirmed)' : '';
      const nat = isSnat(c) || isDnat(c) ? `its binding is applied (reply ${formatTuple(c.reply)})` : 'its binding translates nothing';
      return `matches ${entryLabel(c)}: state ${tracked.state}${unreplied}; ${nat}; nat table not consulted`;
    }
    case 'invalid':
      return `${tracked.reason}: state INVALID (no connection; NAT does not apply)`;
    case 'untracked':
      return 'not tracked (NOTRACK in raw): state UNTRACKED';
    default: {
      const unreachable: never = tracked;
      return unreachable;
    }
  }
}
