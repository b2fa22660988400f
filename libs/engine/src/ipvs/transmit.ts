import { dropPhrase } from '../walk/drop-phrase';
import type { HostPass } from '../walk/host-pass';
import type { Advance, AfterEntry, Onward } from '../walk/position';
import { addStep, dropped, unknown, type Walk } from '../walk/walk';
import { sysctlNumber } from '../routing/sysctl';
import { formatIpvsConn, markAltered, type IpvsConn } from './ipvs-state';
import { lookupOutput, routeMeHarder } from './reroute';

/** What the LOCAL_IN hook does with the packet: goes on through LOCAL_IN (a local real server), or was taken away. */
export type IpvsVerdict = { kind: 'continue' } | { kind: 'stolen'; advance: Advance };

const CONTINUE: IpvsVerdict = { kind: 'continue' };
const stolen = (advance: Advance): IpvsVerdict => ({ kind: 'stolen', advance });

/** Where the IPVS function that sends the packet sits: LOCAL_IN (remote clients) or LOCAL_OUT (this host's own). */
export interface IpvsAt {
  hook: 'INPUT' | 'OUTPUT';
  priority: number;
}

/** net.ipv4.vs.conntrack (IP_VS_CONN_F_NFCT): default 0; kube-proxy's IPVS mode sets 1. */
export const ipvsConntrack = (pass: HostPass): boolean => (sysctlNumber(pass.node.host, 'net.ipv4.vs.conntrack') ?? 0) !== 0;

/**
 * The conntrack side of sending (ip_vs_nat_send_or_cont / ip_vs_send_or_cont in
 * net/netfilter/ipvs/ip_vs_xmit.c). With net.ipv4.vs.conntrack = 1 a NAT connection's
 * unconfirmed entry gets its reply tuple rewritten to come from the real server
 * (ip_vs_update_conntrack in ip_vs_nfct.c, `outin`), which is what lets the nat table's POSTROUTING
 * MASQUERADE see the packet and conntrack undo it for the reply. With 0, ip_vs_notrack detaches
 * the entry: the packet is UNTRACKED and no nat rule applies to it.
 */
function conntrackSide(walk: Walk, pass: HostPass, conn: IpvsConn): string {
  const t = pass.tracked;
  if (t === null) return 'conntrack is inactive here';
  if (!ipvsConntrack(pass)) {
    pass.tracked = { kind: 'untracked' };
    return 'net.ipv4.vs.conntrack = 0: ip_vs_notrack detaches the conntrack entry, the packet is UNTRACKED (no nat rule, no MASQUERADE applies to it)';
  }
  if (conn.forward !== 'masq') return 'net.ipv4.vs.conntrack = 1: the conntrack entry is kept unchanged (only NAT connections alter it)';
  if (t.kind !== 'new' || t.conn.confirmed) return 'the conntrack entry is already confirmed: ip_vs_update_conntrack leaves it alone';
  t.conn.reply.src = conn.daddr;
  if (conn.proto !== 'icmp') t.conn.reply.sport = conn.dport;
  markAltered(walk.ct, t.conn);
  return `net.ipv4.vs.conntrack = 1: ip_vs_update_conntrack rewrites the unconfirmed entry's reply tuple to ${conn.proto} ${conn.daddr}:${conn.dport} -> ${t.conn.reply.dst}:${t.conn.reply.dport}`;
}

/**
 * NF_HOOK(NF_INET_LOCAL_OUT, ..., dst_output): the packet, already routed to the real server,
 * passes the OUTPUT chains (raw, mangle, filter, security; nat OUTPUT is not consulted, its
 * destination manip having been set up at PREROUTING) and then POSTROUTING, where the nat
 * table's source rules (kube-proxy's MASQUERADE for mark 0x4000) do run. At the nat OUTPUT
 * priority nf_nat_ipv4_local_fn (net/netfilter/nf_nat_proto.c) re-routes it
 * (ip_route_me_harder) when the connection's reply no longer comes from the original
 * destination, which is the case after ip_vs_update_conntrack: that second lookup uses the
 * packet's source and mark, so source-based ip rules apply.
 */
function localOut(walk: Walk, pass: HostPass, conn: IpvsConn, linux: Onward): Advance {
  const node = pass.node;
  pass.keepConnection = pass.tracked !== null;
  pass.keptBecause = 'sent on by IPVS through LOCAL_OUT';
  pass.natInitialized = new Set(['DST']);
  const t = pass.tracked;
  const replyChanged = t !== null && (t.kind === 'new' || t.kind === 'existing') && t.conn.original.dst !== t.conn.reply.src;
  const after: AfterEntry = (entry, before) => {
    if (entry.kind !== 'table' || !node.tables.has(entry.table)) return null;
    const p = pass.packet;
    if (entry.table === 'mangle' && (p.mark !== before.mark || p.src !== before.src || p.dst !== before.dst || p.tos !== before.tos)) {
      return routeMeHarder(walk, pass, 'because mangle OUTPUT changed the packet (ipt_mangle_out)');
    }
    if (entry.table === 'nat' && replyChanged) {
      return routeMeHarder(
        walk,
        pass,
        `by nf_nat_ipv4_local_fn at nat OUTPUT (the connection to ${conn.vaddr} now replies from ${conn.daddr})`,
      );
    }
    return null;
  };
  const out = linux.runHook(walk, pass, 'OUTPUT', after);
  if (out !== null) return out;
  return linux.sendOut(walk, pass);
}

const routePrefix = (conn: IpvsConn, how: string): string =>
  `IPVS route to the real server ${conn.daddr} (__ip_vs_get_out_rt, do_output_route4: the destination only, no source, no mark${how}): `;

/**
 * The transmitter ip_vs_bind_xmit gave the connection (net/netfilter/ipvs/ip_vs_xmit.c):
 * ip_vs_nat_xmit (Masq), ip_vs_dr_xmit (Route), ip_vs_tunnel_xmit (Tunnel), ip_vs_null_xmit (Local).
 */
export function transmit(walk: Walk, pass: HostPass, conn: IpvsConn, at: IpvsAt, linux: Onward): IpvsVerdict {
  const host = pass.node.host.name;
  const STEP = { hook: at.hook, priority: at.priority };
  const onward = at.hook === 'INPUT' ? 'LOCAL_IN to the local stack' : 'LOCAL_OUT (through lo to the local stack)';
  if (conn.forward === 'local') {
    const ct = conntrackSide(walk, pass, conn);
    addStep(
      walk,
      host,
      'ipvs',
      pass.packet,
      `ip_vs_null_xmit (Local: the real server is this host): the packet goes on through ${onward} unchanged; ${ct}`,
      STEP,
    );
    return CONTINUE;
  }
  const how =
    conn.forward === 'route'
      ? ', FLOWI_FLAG_KNOWN_NH'
      : conn.forward === 'tunnel'
        ? ', the source the route chooses becomes the outer source'
        : '';
  const route = lookupOutput(walk, pass, conn.daddr, null, 0);
  const prefix = routePrefix(conn, how);
  const p = pass.packet;
  switch (route.kind) {
    case 'unknown':
      return stolen(unknown(walk, host, 'routing', route.reason, p, `${prefix}${route.explanation}`));
    case 'drop':
      addStep(walk, host, 'routing', p, `${prefix}${route.explanation}`);
      return stolen(
        dropped(
          walk,
          host,
          route.reason,
          p,
          `${dropPhrase(route.reason)}: IPVS cannot reach the real server ${conn.daddr} (dst_link_failure sends ICMP host unreachable to ${p.src})`,
        ),
      );
    case 'broadcast':
      return stolen(
        unknown(walk, host, 'routing', `a broadcast route to the real server ${conn.daddr}`, p, `${prefix}${route.explanation}`),
      );
    case 'local': {
      addStep(walk, host, 'routing', p, `${prefix}${route.explanation}`, { iface: 'lo' });
      if (conn.forward === 'masq') pass.packet = { ...p, dst: conn.daddr, dport: conn.dport };
      const ct = conntrackSide(walk, pass, conn);
      const what = conn.forward === 'masq' ? `destination ${conn.vaddr}:${conn.vport} → ${conn.daddr}:${conn.dport}, ` : '';
      addStep(
        walk,
        host,
        'ipvs',
        pass.packet,
        `the real server ${conn.daddr} is local: ${what}the packet goes on through ${onward} (NF_ACCEPT); ${ct}`,
        STEP,
      );
      return CONTINUE;
    }
    case 'out':
      break;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
  const egress = route.egress;
  addStep(walk, host, 'routing', p, `${prefix}${route.explanation}`, { iface: egress.dev });
  // crosses_local_route_boundary: a loopback source may not leave the host
  if (p.src.startsWith('127.'))
    return stolen(
      dropped(
        walk,
        host,
        'NO_ROUTE',
        p,
        `the source ${p.src} is a loopback address: IPVS will not send it to the remote real server ${conn.daddr} (crosses_local_route_boundary)`,
      ),
    );
  // decrement_ttl in __ip_vs_get_out_rt: a forwarded packet loses one hop here
  if (p.ttl <= 1)
    return stolen(
      dropped(walk, host, 'TTL_EXCEEDED', p, `TTL ${p.ttl} cannot be decremented: IPVS drops it, ICMP time exceeded goes back to ${p.src}`),
    );
  pass.outIface = egress.dev;
  pass.nexthop = egress.nexthop;
  switch (conn.forward) {
    case 'masq': {
      pass.packet = { ...p, dst: conn.daddr, dport: conn.dport, ttl: p.ttl - 1 };
      const ct = conntrackSide(walk, pass, conn);
      addStep(
        walk,
        host,
        'ipvs',
        pass.packet,
        `ip_vs_nat_xmit (Masq): destination ${conn.vaddr}:${conn.vport} → ${conn.daddr}:${conn.dport} (IPVS connection ${formatIpvsConn(conn)}); ${ct}; sent through LOCAL_OUT (ip_vs_nat_send_or_cont), then POSTROUTING`,
        STEP,
      );
      return stolen(localOut(walk, pass, conn, linux));
    }
    case 'route': {
      pass.packet = { ...p, ttl: p.ttl - 1 };
      const ct = conntrackSide(walk, pass, conn);
      addStep(
        walk,
        host,
        'ipvs',
        pass.packet,
        `ip_vs_dr_xmit (Route, direct routing): addresses unchanged (destination still ${p.dst}:${p.dport}); the frame goes to the real server's MAC through ${egress.dev} (next hop ${egress.nexthop}), so ${conn.daddr} must own ${conn.vaddr} (usually on lo, with arp_ignore) and answers the client directly; ${ct}; sent through LOCAL_OUT, then POSTROUTING`,
        STEP,
      );
      return stolen(localOut(walk, pass, conn, linux));
    }
    case 'tunnel': {
      const outer = `${route.src} -> ${conn.daddr}`;
      addStep(
        walk,
        host,
        'ipvs',
        { ...p, ttl: p.ttl - 1 },
        `ip_vs_tunnel_xmit (Tunnel): the packet ${p.src}:${p.sport} -> ${p.dst}:${p.dport} is encapsulated in IPIP (outer header ${outer}, protocol 4) and sent out ${egress.dev}${egress.gateway === null ? '' : ` via ${egress.gateway}`}; the real server decapsulates it, must own ${conn.vaddr} and answers the client directly`,
        STEP,
      );
      return stolen(
        unknown(
          walk,
          host,
          'ipvs',
          `IPIP packets are not traced: the encapsulated packet (outer ${outer}) leaves ${host} by ${egress.dev}`,
          pass.packet,
          `the IPIP packet ${outer} is not followed further`,
        ),
      );
    }
    default: {
      const unreachable: never = conn.forward;
      return unreachable;
    }
  }
}
