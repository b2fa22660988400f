import type { IpvsForward } from '@hookpath/model';
import type { Connection } from '../conntrack/connection';
import type { ConntrackState } from '../conntrack/conntrack-table';
import type { L4Protocol, Packet } from '../packet/packet';

/** struct ip_vs_conn (include/net/ip_vs.h): client, virtual and destination (real server) endpoints. */
export interface IpvsConn {
  host: string;
  proto: L4Protocol;
  caddr: string;
  cport: number;
  vaddr: string;
  vport: number;
  daddr: string;
  dport: number;
  forward: IpvsForward;
  service: string;
}

export const formatIpvsConn = (c: IpvsConn): string =>
  `${c.proto.toUpperCase()} ${c.caddr}:${c.cport} -> ${c.vaddr}:${c.vport} -> ${c.daddr}:${c.dport} (${c.forward})`;

/**
 * The IPVS connection tables of one simulation (request and reply share them, as they share the
 * conntrack state they hang off), and the conntrack entries whose reply tuple IPVS rewrote.
 */
class IpvsState {
  readonly conns: IpvsConn[] = [];
  /** ip_vs_update_conntrack altered these entries' reply tuple: IPVS, not nf_nat, translates them. */
  readonly altered = new WeakSet<Connection>();
}

const states = new WeakMap<ConntrackState, IpvsState>();

function stateOf(ct: ConntrackState): IpvsState {
  let s = states.get(ct);
  if (s === undefined) {
    s = new IpvsState();
    states.set(ct, s);
  }
  return s;
}

export function addIpvsConn(ct: ConntrackState, conn: IpvsConn): void {
  stateOf(ct).conns.push(conn);
}

/**
 * ip_vs_conn_out_get (net/netfilter/ipvs/ip_vs_conn.c): a packet from the real server
 * (daddr:dport) to the client (caddr:cport) belongs to the connection, in the reply direction.
 */
export function findOutConn(ct: ConntrackState, host: string, p: Packet): IpvsConn | null {
  return (
    stateOf(ct).conns.find(
      (c) => c.host === host && c.proto === p.proto && c.daddr === p.src && c.dport === p.sport && c.caddr === p.dst && c.cport === p.dport,
    ) ?? null
  );
}

/** ip_vs_conn_in_get: a later client packet of a known connection. */
export function findInConn(ct: ConntrackState, host: string, p: Packet): IpvsConn | null {
  return (
    stateOf(ct).conns.find(
      (c) => c.host === host && c.proto === p.proto && c.caddr === p.src && c.cport === p.sport && c.vaddr === p.dst && c.vport === p.dport,
    ) ?? null
  );
}

export function markAltered(ct: ConntrackState, conn: Connection): void {
  stateOf(ct).altered.add(conn);
}

/**
 * Whether nf_nat leaves this connection's destination alone: the reply tuple was rewritten by
 * ip_vs_update_conntrack, not by a nat rule, so IPS_DST_NAT is not set and nf_nat_packet does
 * not translate; IPVS itself rewrites the client's packets and the real server's replies.
 */
export function ipvsOwnsDnat(ct: ConntrackState, conn: Connection): boolean {
  return stateOf(ct).altered.has(conn);
}
