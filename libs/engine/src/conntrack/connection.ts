import type { ConntrackEntry } from '@hookpath/model';
import type { Hook } from '../packet/hooks';
import type { L4Protocol, Packet } from '../packet/packet';
import type { CtTuple } from './ct-view';

/** One conntrack entry: the snapshot's, or one a trace created. Mutable inside one trace's state. */
export interface Connection {
  id: number;
  proto: L4Protocol;
  original: CtTuple;
  reply: CtTuple;
  /** ICMP type of each direction's packets (echo request 8 / reply 0); null for tcp and udp. */
  icmpTypes: { original: number; reply: number } | null;
  seenReply: boolean;
  assured: boolean;
  /** Set when a packet of this trace may have made it ASSURED, which the snapshot cannot tell: why. */
  assuredUnknown?: string;
  /** Inserted in the table (nf_conntrack_confirm ran). */
  confirmed: boolean;
  mark: number;
  /** Conntrack zone (`-j CT --zone`, `zone=` in `conntrack -L`): an entry matches only packets of its zone. */
  zone: number;
  /** The reply tuple's zone when it differs by direction (`zone-reply=`, or `zone-orig=` on the other tuple); `zone` otherwise. */
  replyZone?: number;
  /** TCP state as `conntrack -L` prints it (ESTABLISHED, TIME_WAIT, ...); null for udp, icmp and new connections. */
  tcpState: string | null;
  /** Seconds the entry had left when `conntrack -L` was captured; null for connections a trace created. */
  timeout: number | null;
  origin: { kind: 'snapshot'; file: string; line: number; text: string } | { kind: 'trace'; host: string; hook: Hook };
}

/** ICMP query types and their answers: conntrack tracks these as connections keyed by the id. */
const ICMP_INVERSE: Readonly<Record<number, number>> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 };
export const ICMP_QUERY_TYPES: ReadonlySet<number> = new Set([8, 13, 15, 17]);
export const ICMP_ERROR_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);

export function invertIcmpType(type: number): number | null {
  return ICMP_INVERSE[type] ?? null;
}

export function invertTuple(t: CtTuple): CtTuple {
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

export function packetTuple(p: Packet): CtTuple {
  return p.proto === 'icmp'
    ? { proto: 'icmp', src: p.src, dst: p.dst, sport: p.icmpId, dport: p.icmpId }
    : { proto: p.proto, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport };
}

export function tupleKey(t: CtTuple, icmpType: number | null, zone: number): string {
  return `${zone}|${t.proto}|${t.src}|${t.sport}|${t.dst}|${t.dport}|${icmpType ?? ''}`;
}

/** `tcp 10.12.192.44:44700 -> 10.253.4.194:8000`, `icmp 13.13.0.4 -> 192.169.100.1 id 27281` */
export function formatTuple(t: CtTuple): string {
  return t.proto === 'icmp' ? `icmp ${t.src} -> ${t.dst} id ${t.sport}` : `${t.proto} ${t.src}:${t.sport} -> ${t.dst}:${t.dport}`;
}

/** Source NAT happened when the reply is not addressed to the original source. */
export function isSnat(c: Connection): boolean {
  return c.reply.dst !== c.original.src || (c.proto !== 'icmp' && c.reply.dport !== c.original.sport);
}

/** Destination NAT happened when the reply does not come from the original destination. */
export function isDnat(c: Connection): boolean {
  return c.reply.src !== c.original.dst || (c.proto !== 'icmp' && c.reply.sport !== c.original.dport);
}

function isL4(protocol: string): protocol is L4Protocol {
  return protocol === 'tcp' || protocol === 'udp' || protocol === 'icmp';
}

/** A `conntrack -L` entry as a connection; null for IPv6 and protocols the engine does not trace. */
export function connectionFromEntry(entry: ConntrackEntry, id: number, file: string): Connection | null {
  if (entry.family !== 'ipv4' || !isL4(entry.protocol)) return null;
  const icmp = entry.protocol === 'icmp';
  const tuple = (t: ConntrackEntry['original']): CtTuple =>
    icmp
      ? { proto: 'icmp', src: t.src, dst: t.dst, sport: t.id ?? 0, dport: t.id ?? 0 }
      : { proto: entry.protocol as L4Protocol, src: t.src, dst: t.dst, sport: t.sport ?? 0, dport: t.dport ?? 0 };
  const originalType = entry.original.type ?? 8;
  return {
    id,
    proto: entry.protocol,
    original: tuple(entry.original),
    reply: tuple(entry.reply),
    icmpTypes: icmp ? { original: originalType, reply: entry.reply.type ?? invertIcmpType(originalType) ?? 0 } : null,
    seenReply: !entry.unreplied,
    assured: entry.assured,
    confirmed: true,
    mark: entry.mark ?? 0,
    zone: entry.original.zone ?? entry.zone ?? 0,
    replyZone: entry.reply.zone ?? entry.zone ?? 0,
    tcpState: entry.protocol === 'tcp' ? (entry.state ?? null) : null,
    timeout: entry.timeout ?? null,
    origin: { kind: 'snapshot', file, line: entry.line, text: entry.text },
  };
}

export function cloneConnection(c: Connection): Connection {
  return { ...c, original: { ...c.original }, reply: { ...c.reply }, icmpTypes: c.icmpTypes === null ? null : { ...c.icmpTypes } };
}
