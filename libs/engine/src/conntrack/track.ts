import type { Host } from '@hookpath/model';
import type { Hook } from '../packet/hooks';
import type { Packet } from '../packet/packet';
import { sysctlNumber } from '../routing/sysctl';
import type { ConntrackState, TableHit } from './conntrack-table';
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
import { relatedLookup } from './related';
import { invalidTcpFlags, tcpStep } from './tcp-states';

/** What conntrack made of a packet at PREROUTING/OUTPUT (nf_conntrack_in). */
export type Tracked =
  | { kind: 'existing'; conn: Connection; direction: 'ORIGINAL' | 'REPLY'; state: 'NEW' | 'ESTABLISHED'; notes?: string[] }
  | { kind: 'new'; conn: Connection; reopens?: Connection }
  /** An ICMP error found by its quoted header, or a packet the kernel attached to a connection (nf_ct_attach). */
  | { kind: 'related'; conn: Connection; direction: 'ORIGINAL' | 'REPLY' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'untracked' };

/** track's answer: what conntrack made of the packet, or why the snapshot cannot tell. */
export type TrackResult = Tracked | { kind: 'unknown'; reason: string };

/**
 * Whether a packet that matches no entry may start a connection. TCP follows
 * nf_conntrack_proto_tcp's state table from "no connection": a SYN opens one, a bare ACK is picked
 * up mid-stream only with nf_conntrack_tcp_loose (default 1), SYN-ACK/FIN/RST/no flags are INVALID.
 * ICMP: only queries (echo, timestamp, info, address mask) open one; answers and errors without
 * a connection are INVALID (RELATED for errors is not derived: the packet carries no inner header).
 */
function cannotStart(host: Host, p: Packet): string | null {
  if (p.proto === 'tcp') {
    const badFlags = invalidTcpFlags(p.tcpFlags);
    if (badFlags !== null) return badFlags;
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

const sysctl = (host: Host, name: string, fallback: number): number => sysctlNumber(host, name) ?? fallback;

/** nf_ct_udp_packet: how long ago a packet must have started the connection for the next one to make it ASSURED. */
const UDP_STREAM_SECONDS = 2;

/**
 * A packet of a snapshot connection that has seen a reply but is not ASSURED: a UDP packet makes
 * it ASSURED when the connection's first packet is 2 s old (nf_conntrack_proto_udp.c). Since its
 * reply, each packet reset the timeout to nf_conntrack_udp_timeout, so a remaining timeout 2 s
 * below that proves it; the traced packet comes after the capture.
 */
function udpAssures(host: Host, conn: Connection): boolean | null {
  if (conn.proto !== 'udp' || !conn.seenReply || conn.assured || conn.origin.kind !== 'snapshot') return false;
  if (conn.timeout === null) return null;
  return sysctl(host, 'net.netfilter.nf_conntrack_udp_timeout', 30) - conn.timeout >= UDP_STREAM_SECONDS ? true : null;
}

const WINDOW_NOTE =
  'sequence numbers are not in the snapshot: the segment is taken as inside the TCP window (outside it, conntrack calls it INVALID or lets it pass without a state change, since nf_conntrack_tcp_be_liberal is 0)';

type HitStep =
  { kind: 'pass'; notes: string[] } | { kind: 'reopen' } | { kind: 'invalid'; reason: string } | { kind: 'unknown'; reason: string };

/**
 * nf_conntrack_tcp_packet for a segment of a known connection: invalid flag combinations and
 * transitions the state table forbids are INVALID, a SYN on TIME_WAIT (either direction) reopens,
 * ignored segments pass with the entry as it is, the others move the state (and make the entry
 * ASSURED when it reaches ESTABLISHED from SYN_RECV or stays there). Window checks are not
 * modellable from a snapshot: the step says so for the snapshot's entries.
 */
function tcpHit(host: Host, hit: TableHit, p: Packet): HitStep {
  const conn = hit.conn;
  const badFlags = invalidTcpFlags(p.tcpFlags);
  if (badFlags !== null) return { kind: 'invalid', reason: badFlags };
  if (conn.tcpState === null) return { kind: 'pass', notes: [] };
  const step = tcpStep(conn.tcpState, hit.direction, p.tcpFlags);
  switch (step.kind) {
    case 'invalid':
    case 'unknown':
    case 'reopen':
      return step;
    case 'ignored':
      return {
        kind: 'pass',
        notes: [
          `conntrack ignores a TCP ${p.tcpFlags.join(',')} in the ${hit.direction.toLowerCase()} direction of an entry in state ${conn.tcpState}: it passes with the entry unchanged`,
        ],
      };
    case 'move': {
      const old = conn.tcpState;
      conn.tcpState = step.next;
      if (step.next === 'ESTABLISHED' && (old === 'SYN_RECV' || old === 'ESTABLISHED')) conn.assured = true;
      const liberal = sysctl(host, 'net.netfilter.nf_conntrack_tcp_be_liberal', 0) !== 0;
      const notes = old === step.next ? [] : [`TCP state ${old} -> ${step.next}`];
      if (conn.origin.kind === 'snapshot' && !liberal) notes.push(WINDOW_NOTE);
      return { kind: 'pass', notes };
    }
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

function hitStep(host: Host, hit: TableHit, p: Packet): HitStep {
  if (p.proto === 'tcp') return tcpHit(host, hit, p);
  const assures = udpAssures(host, hit.conn);
  if (assures === true) {
    hit.conn.assured = true;
    return { kind: 'pass', notes: ['its first packet is over 2 s old, so this packet makes it ASSURED'] };
  }
  if (assures === null) {
    hit.conn.assuredUnknown =
      "this packet makes its UDP connection ASSURED if the connection's first packet is 2 s old or more, which the snapshot does not tell (it was captured within 2 s of the last packet)";
    return {
      kind: 'pass',
      notes: ['this packet makes it ASSURED if its first packet is 2 s old or more, which the snapshot does not tell'],
    };
  }
  return { kind: 'pass', notes: [] };
}

/** nf_conntrack_in: the packet's connection in its zone (`-j CT --zone` in raw; 0 without). */
export function track(state: ConntrackState, host: Host, hook: Hook, p: Packet, zone = 0): TrackResult {
  const tuple = packetTuple(p);
  const icmpType = p.proto === 'icmp' ? p.icmpType : null;
  const table = state.table(host.name);
  const related = relatedLookup(table, p, zone);
  if (related !== null) return related;
  const hit = table.lookup(tupleKey(tuple, icmpType, zone));
  let reopened: Connection | undefined;
  if (hit !== undefined) {
    const step = hitStep(host, hit, p);
    switch (step.kind) {
      case 'invalid':
      case 'unknown':
        return step;
      case 'reopen':
        table.remove(hit.conn);
        reopened = hit.conn;
        break;
      case 'pass': {
        const notes = step.notes.length === 0 ? {} : { notes: step.notes };
        if (hit.direction === 'REPLY') {
          hit.conn.seenReply = true;
          return { kind: 'existing', conn: hit.conn, direction: 'REPLY', state: 'ESTABLISHED', ...notes };
        }
        return { kind: 'existing', conn: hit.conn, direction: 'ORIGINAL', state: hit.conn.seenReply ? 'ESTABLISHED' : 'NEW', ...notes };
      }
      default: {
        const unreachable: never = step;
        return unreachable;
      }
    }
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
    tcpState: p.proto === 'tcp' ? (p.tcpFlags.includes('SYN') ? 'SYN_SENT' : 'ESTABLISHED') : null,
    timeout: null,
    origin: { kind: 'trace', host: host.name, hook },
  };
  return reopened === undefined ? { kind: 'new', conn } : { kind: 'new', conn, reopens: reopened };
}

/** What `-m conntrack`/`-m state`/`-m connmark` see. */
export function ctViewOf(tracked: Tracked, p: Packet): CtView {
  switch (tracked.kind) {
    case 'existing':
    case 'new':
    case 'related': {
      const c = tracked.conn;
      const state: CtState = tracked.kind === 'new' ? 'NEW' : tracked.kind === 'related' ? 'RELATED' : tracked.state;
      return {
        state,
        direction: tracked.kind === 'new' ? 'ORIGINAL' : tracked.direction,
        confirmed: c.confirmed,
        original: { ...c.original },
        reply: { ...c.reply },
        status: { seenReply: c.seenReply, assured: c.assured, snat: isSnat(c), dnat: isDnat(c), expected: false },
        ...(c.assuredUnknown === undefined ? {} : { assuredUnknown: c.assuredUnknown }),
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
    case 'related':
      return 'RELATED';
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

/**
 * The entry's status bits as `conntrack -L` showed them ([UNREPLIED], [ASSURED]) and, for the
 * snapshot's entries, the seconds they had left: the engine has no clock, so it never expires one.
 */
function statusText(c: Connection): string {
  const bits = [c.seenReply ? 'SEEN_REPLY' : 'UNREPLIED', ...(c.assured ? ['ASSURED'] : [])];
  const left = c.timeout === null ? '' : `, ${c.timeout} s left when captured (not expired by the engine)`;
  return `; entry ${bits.join(',')}${left}`;
}

const notesText = (notes: readonly string[] | undefined): string =>
  notes === undefined || notes.length === 0 ? '' : `; ${notes.join('; ')}`;

/** The explanation of the conntrack step. */
export function describeTracked(tracked: Tracked): string {
  switch (tracked.kind) {
    case 'new': {
      const old = tracked.reopens;
      const reopen =
        old === undefined ? '' : `a SYN on ${entryLabel(old)} in ${old.tcpState ?? 'TIME_WAIT'} reopens it: the old entry is deleted and `;
      return `${reopen}new connection ${formatTuple(tracked.conn.original)}${zoneLabel(tracked.conn)}: state NEW, the nat table decides its translation`;
    }
    case 'existing': {
      const c = tracked.conn;
      if (tracked.direction === 'REPLY') {
        const nat = [isSnat(c) ? 'source' : '', isDnat(c) ? 'destination' : ''].filter((x) => x !== '').join(' and ');
        return `matches ${entryLabel(c)} in the reply direction: state ESTABLISHED${nat === '' ? '' : `; its ${nat} NAT is reversed`}; nat table not consulted${statusText(c)}${notesText(tracked.notes)}`;
      }
      const unreplied = tracked.state === 'NEW' ? ' (unreplied: still NEW, but already confirmed)' : '';
      const nat = isSnat(c) || isDnat(c) ? `its binding is applied (reply ${formatTuple(c.reply)})` : 'its binding translates nothing';
      return `matches ${entryLabel(c)}: state ${tracked.state}${unreplied}; ${nat}; nat table not consulted${statusText(c)}${notesText(tracked.notes)}`;
    }
    case 'related': {
      const nat =
        isSnat(tracked.conn) || isDnat(tracked.conn)
          ? '; its NAT is undone in the quoted header and the outer address at the nat hooks'
          : '';
      return `its quoted header belongs to ${entryLabel(tracked.conn)} (${tracked.direction.toLowerCase()} direction): state RELATED${nat}; nat table not consulted`;
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
