import type { InnerHeader, Packet } from '../packet/packet';
import type { ConntrackTable } from './conntrack-table';
import { formatTuple, invertIcmpType, invertTuple, isDnat, isSnat, tupleKey, type Connection } from './connection';
import type { CtTuple } from './ct-view';
import { applyBinding, type BindingResult, type ManipType } from './nat-binding';

export type Direction = 'ORIGINAL' | 'REPLY';

/** The connection tuple of a quoted header (an ICMP echo keyed by its id, as conntrack keys it). */
export function innerTuple(inner: InnerHeader): CtTuple {
  return inner.proto === 'icmp'
    ? { proto: 'icmp', src: inner.src, dst: inner.dst, sport: inner.icmpId, dport: inner.icmpId }
    : { proto: inner.proto, src: inner.src, dst: inner.dst, sport: inner.sport, dport: inner.dport };
}

export type RelatedLookup = { kind: 'related'; conn: Connection; direction: Direction } | { kind: 'invalid'; reason: string };

/**
 * nf_conntrack_inet_error: an ICMP error belongs to the connection its quoted header belongs to.
 * The quoted tuple is inverted (the error travels the other way) and looked up in the packet's
 * zone; the error is RELATED in the direction of the entry it matched, provided its outer
 * destination is that direction's destination ("outer daddr != inner" makes it INVALID).
 * Null for packets that are not ICMP errors with a quoted header.
 */
export function relatedLookup(table: ConntrackTable, p: Packet, zone: number): RelatedLookup | null {
  const inner = p.inner;
  if (p.proto !== 'icmp' || inner === undefined) return null;
  const quoted = innerTuple(inner);
  const icmpType = inner.proto === 'icmp' ? invertIcmpType(inner.icmpType) : null;
  if (inner.proto === 'icmp' && icmpType === null)
    return { kind: 'invalid', reason: `an ICMP error quoting an ICMP type ${inner.icmpType} packet, which has no connection` };
  const hit = table.lookup(tupleKey(invertTuple(quoted), icmpType, zone));
  if (hit === undefined) return { kind: 'invalid', reason: `an ICMP error quoting ${formatTuple(quoted)}, which belongs to no connection` };
  const expected = (hit.direction === 'ORIGINAL' ? hit.conn.original : hit.conn.reply).dst;
  if (p.dst !== expected)
    return {
      kind: 'invalid',
      reason: `an ICMP error quoting ${formatTuple(quoted)} sent to ${p.dst}, not to ${expected} where that connection's packets go`,
    };
  return { kind: 'related', conn: hit.conn, direction: hit.direction };
}

/** Whether nf_nat translates packets of this direction at this manip (the IPS_SRC_NAT/IPS_DST_NAT bit it tests). */
export function natApplies(conn: Connection, direction: Direction, manip: ManipType): boolean {
  const srcBit = (manip === 'SRC') === (direction === 'ORIGINAL');
  return srcBit ? isSnat(conn) : isDnat(conn);
}

const NOTHING = (packet: Packet): BindingResult => ({ packet, changed: false, explanation: '' });

const endpoint = (addr: string, port: number, proto: string): string => (proto === 'icmp' ? addr : `${addr}:${port}`);

/**
 * nf_nat_icmp_reply_translation: an ICMP error RELATED to a NATed connection has its quoted header
 * rewritten to the packet the connection's other end sent (the `!manip` address of the inner
 * header), and its outer address at this manip to where an answer to that packet goes: an error
 * from a DNAT backend comes back from the address the client connected to; an error for an SNATed
 * client goes back to the client's own address. The quoted header keeps its other fields.
 */
export function translateIcmpError(conn: Connection, direction: Direction, manip: ManipType, p: Packet): BindingResult {
  const inner = p.inner;
  if (inner === undefined || !natApplies(conn, direction, manip)) return NOTHING(p);
  // the answer the quoted packet would get, translated as a packet of this direction
  const answer: Packet = {
    ...p,
    proto: inner.proto,
    src: inner.dst,
    dst: inner.src,
    sport: inner.dport,
    dport: inner.sport,
    icmpId: inner.icmpId,
    inner: undefined,
  };
  const bound = applyBinding(conn, direction, manip, answer).packet;
  const translated: InnerHeader = {
    ...inner,
    src: bound.dst,
    dst: bound.src,
    sport: bound.dport,
    dport: bound.sport,
    icmpId: bound.icmpId,
  };
  const next: Packet = { ...p, inner: translated };
  if (manip === 'DST') next.dst = bound.dst;
  else next.src = bound.src;
  const outer = manip === 'DST' ? `destination ${p.dst} → ${next.dst}` : `source ${p.src} → ${next.src}`;
  const was = `${endpoint(inner.src, inner.sport, inner.proto)} -> ${endpoint(inner.dst, inner.dport, inner.proto)}`;
  const now = `${endpoint(translated.src, translated.sport, translated.proto)} -> ${endpoint(translated.dst, translated.dport, translated.proto)}`;
  return {
    packet: next,
    changed: true,
    explanation: `ICMP error of a ${manip === 'SRC' ? (direction === 'REPLY' ? 'destination' : 'source') : direction === 'REPLY' ? 'source' : 'destination'}-NATed connection: outer ${outer}, quoted header ${was} → ${now} (nf_nat_icmp_reply_translation)`,
  };
}

/** nf_nat_packet for a packet attached to a connection as RELATED that is not an ICMP error (a TCP reset). */
export function translateRelated(conn: Connection, direction: Direction, manip: ManipType, p: Packet): BindingResult {
  if (p.inner !== undefined) return translateIcmpError(conn, direction, manip, p);
  if (!natApplies(conn, direction, manip)) return NOTHING(p);
  return applyBinding(conn, direction, manip, p);
}
