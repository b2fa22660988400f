import type { Packet } from '../packet/packet';

/**
 * OVN's use of OVS conntrack: connections live in zones (one per logical switch port, one "common
 * zone" per router with a distributed gateway port, separate SNAT and DNAT zones on a gateway
 * router), a committed connection remembers the NAT it got, and `ct_dnat`/`ct_snat` without
 * arguments apply that NAT (forwards for the original direction, backwards for the reply).
 */

interface Tuple {
  src: string;
  dst: string;
  proto: Packet['proto'];
  /** Ports, or the ICMP id in both for an echo. */
  sport: number;
  dport: number;
}

export interface NatSpec {
  src?: { ip: string; port?: number };
  dst?: { ip: string; port?: number };
}

export interface OvnConnection {
  zone: string;
  /** The headers the first packet had when it was committed (before this zone's NAT). */
  orig: Tuple;
  nat: NatSpec;
  /** How the connection was made, for explanations ("ct_lb_mark to 10.16.0.5:80 in lr_in_dnat"). */
  origin: string;
  /** ct_mark.blocked (an ACL now drops the connection). */
  blocked: boolean;
}

export type CtLookup = { state: 'new' } | { state: 'est'; reply: boolean; conn: OvnConnection };

const tupleOf = (p: Packet): Tuple =>
  p.proto === 'icmp'
    ? { src: p.src, dst: p.dst, proto: p.proto, sport: p.icmpId, dport: p.icmpId }
    : { src: p.src, dst: p.dst, proto: p.proto, sport: p.sport, dport: p.dport };

const key = (zone: string, t: Tuple): string => `${zone}|${t.proto}|${t.src}|${t.sport}|${t.dst}|${t.dport}`;

/** The original tuple after the connection's NAT: what the packet looks like leaving the zone. */
function translated(c: OvnConnection): Tuple {
  const t = { ...c.orig };
  if (c.nat.src !== undefined) {
    t.src = c.nat.src.ip;
    if (c.nat.src.port !== undefined) t.sport = c.nat.src.port;
  }
  if (c.nat.dst !== undefined) {
    t.dst = c.nat.dst.ip;
    if (c.nat.dst.port !== undefined) t.dport = c.nat.dst.port;
  }
  return t;
}

const inverse = (t: Tuple): Tuple => ({ src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport });

function withTuple(p: Packet, t: Tuple): Packet {
  return p.proto === 'icmp' ? { ...p, src: t.src, dst: t.dst } : { ...p, src: t.src, dst: t.dst, sport: t.sport, dport: t.dport };
}

export class OvnConntrack {
  private readonly byOrig = new Map<string, OvnConnection>();
  private readonly byReply = new Map<string, OvnConnection>();

  lookup(zone: string, p: Packet): CtLookup {
    const t = tupleOf(p);
    const orig = this.byOrig.get(key(zone, t));
    if (orig !== undefined) return { state: 'est', reply: false, conn: orig };
    const reply = this.byReply.get(key(zone, t));
    if (reply !== undefined) return { state: 'est', reply: true, conn: reply };
    return { state: 'new' };
  }

  /** ct_commit with NAT: records the connection of `p` in `zone`, or adds NAT to the one there. */
  commit(zone: string, p: Packet, nat: NatSpec, origin: string): OvnConnection {
    const found = this.lookup(zone, p);
    if (found.state === 'est' && !found.reply) {
      const conn = found.conn;
      this.byReply.delete(key(zone, inverse(translated(conn))));
      if (nat.src !== undefined && conn.nat.src === undefined) conn.nat.src = nat.src;
      if (nat.dst !== undefined && conn.nat.dst === undefined) conn.nat.dst = nat.dst;
      if (nat.src !== undefined || nat.dst !== undefined) conn.origin = origin;
      this.byReply.set(key(zone, inverse(translated(conn))), conn);
      return conn;
    }
    const conn: OvnConnection = { zone, orig: tupleOf(p), nat: { ...nat }, origin, blocked: false };
    this.byOrig.set(key(zone, conn.orig), conn);
    this.byReply.set(key(zone, inverse(translated(conn))), conn);
    return conn;
  }

  /** The packet after the connection's NAT (ct_dnat / ct_snat without arguments). */
  static applyNat(p: Packet, found: Extract<CtLookup, { state: 'est' }>, which: 'src' | 'dst' | 'both'): Packet {
    const c = found.conn;
    if (!found.reply) {
      const t = translated(c);
      const cur = tupleOf(p);
      const next: Tuple = { ...cur };
      if (which !== 'dst') {
        next.src = t.src;
        next.sport = t.sport;
      }
      if (which !== 'src') {
        next.dst = t.dst;
        next.dport = t.dport;
      }
      return withTuple(p, next);
    }
    // A reply: the inverse of the original tuple restores what NAT changed.
    const back = inverse(c.orig);
    const cur = tupleOf(p);
    const next: Tuple = { ...cur };
    // The reply's destination is the original source (un-SNAT); its source the original destination (un-DNAT).
    if (which !== 'src' && c.nat.src !== undefined) {
      next.dst = back.dst;
      next.dport = back.dport;
    }
    if (which !== 'dst' && c.nat.dst !== undefined) {
      next.src = back.src;
      next.sport = back.sport;
    }
    return withTuple(p, next);
  }
}
