import type { Packet } from '../packet/packet';
import { invertTuple, type Connection } from './connection';

export type ManipType = 'SRC' | 'DST';

export interface BindingResult {
  packet: Packet;
  changed: boolean;
  explanation: string;
}

const endpoint = (addr: string, port: number, icmp: boolean): string => (icmp ? addr : `${addr}:${port}`);

/**
 * nf_nat_packet for a packet of a known connection: the packet is rewritten to the inverse of the
 * other direction's tuple. Destinations change where the kernel manips DST (PREROUTING, OUTPUT),
 * sources where it manips SRC (INPUT, POSTROUTING); a reply therefore has its SNAT undone on the
 * way in and its DNAT undone on the way out.
 */
export function applyBinding(conn: Connection, direction: 'ORIGINAL' | 'REPLY', manip: ManipType, packet: Packet): BindingResult {
  const target = invertTuple(direction === 'ORIGINAL' ? conn.reply : conn.original);
  const icmp = packet.proto === 'icmp';
  const next: Packet = { ...packet };
  let before: string;
  let after: string;
  if (manip === 'DST') {
    before = endpoint(packet.dst, packet.dport, icmp);
    next.dst = target.dst;
    if (icmp) next.icmpId = target.dport;
    else next.dport = target.dport;
    after = endpoint(next.dst, next.dport, icmp);
  } else {
    before = endpoint(packet.src, packet.sport, icmp);
    next.src = target.src;
    if (icmp) next.icmpId = target.sport;
    else next.sport = target.sport;
    after = endpoint(next.src, next.sport, icmp);
  }
  const changed = before !== after || next.icmpId !== packet.icmpId;
  const what = manip === 'DST' ? 'destination' : 'source';
  const why =
    direction === 'REPLY'
      ? manip === 'DST'
        ? 'reply of a source-NATed connection: de-SNAT'
        : 'reply of a destination-NATed connection: de-DNAT'
      : "the connection's NAT binding";
  return { packet: next, changed, explanation: `${what} ${before} → ${after} (${why})` };
}

/** Records what the nat table chose for a new connection in its reply tuple (the binding). */
export function recordManip(conn: Connection, manip: ManipType, packet: Packet): void {
  const icmp = packet.proto === 'icmp';
  if (manip === 'DST') {
    conn.reply.src = packet.dst;
    if (!icmp) conn.reply.sport = packet.dport;
  } else {
    conn.reply.dst = packet.src;
    if (!icmp) conn.reply.dport = packet.sport;
  }
}
