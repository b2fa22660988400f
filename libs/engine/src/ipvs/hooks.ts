import type { IpvsService } from '@hookpath/model';
import type { CompiledHost } from '../walk/compiled';
import type { HostPass } from '../walk/host-pass';
import type { Onward } from '../walk/position';
import { addStep, type Outcome, type Walk } from '../walk/walk';
import { sysctlNumber } from '../routing/sysctl';
import { addIpvsConn, findInConn, findOutConn, formatIpvsConn, type IpvsConn } from './ipvs-state';
import { routeMeHarder } from './reroute';
import { realServerName, schedule } from './scheduler';
import { describeRealServers, findService, serviceName } from './service-lookup';
import { transmit, type IpvsAt, type IpvsVerdict } from './transmit';

/**
 * Where IPVS sits on the hooks (ip_vs_ops4 in net/netfilter/ipvs/ip_vs_core.c; ip_vs_out_hook and
 * ip_vs_in_hook in recent kernels): at LOCAL_IN, ip_vs_reply4 at NF_IP_PRI_NAT_SRC - 2 (98) and
 * ip_vs_remote_request4 at NF_IP_PRI_NAT_SRC - 1 (99), after mangle (-150), filter (0) and
 * security (50) and before nat INPUT (100) and conntrack's confirmation; at FORWARD,
 * ip_vs_reply4 at 100, after the filter FORWARD chain.
 */
export const IPVS_LOCAL_IN_FIRST = 98;
export const IPVS_LOCAL_IN_REPLY = 98;
export const IPVS_LOCAL_IN_REQUEST = 99;
export const IPVS_FORWARD_REPLY = 100;
/** ip_vs_local_request4 on LOCAL_OUT at NF_IP_PRI_NAT_DST + 2: after nat OUTPUT (-100), before filter OUTPUT (0). */
export const IPVS_LOCAL_OUT_REQUEST = -98;

const services = (node: CompiledHost): readonly IpvsService[] => node.host.ipvs ?? [];

/** IPVS is loaded on a host whose snapshot lists virtual services. */
export const hasIpvs = (node: CompiledHost): boolean => services(node).length > 0;

/**
 * ip_vs_out (ip_vs_reply4) for the real server's answer on a NAT connection: handle_response
 * rewrites the source back to the virtual address and port. At FORWARD the reply is then routed
 * as if the host had sent it (ip_vs_route_me_harder, net.ipv4.vs.snat_reroute, default 1).
 */
export function ipvsReply(walk: Walk, pass: HostPass, hook: 'INPUT' | 'FORWARD'): Outcome | null {
  return replyHook(walk, pass, hook).outcome;
}

function replyHook(walk: Walk, pass: HostPass, hook: 'INPUT' | 'FORWARD'): { matched: boolean; outcome: Outcome | null } {
  const none = { matched: false, outcome: null };
  if (!hasIpvs(pass.node)) return none;
  const host = pass.node.host.name;
  const p = pass.packet;
  const conn = findOutConn(walk.ct, host, p);
  if (conn === null || conn.forward !== 'masq') return none;
  const priority = hook === 'INPUT' ? IPVS_LOCAL_IN_REPLY : IPVS_FORWARD_REPLY;
  pass.packet = { ...p, src: conn.vaddr, sport: conn.vport };
  addStep(
    walk,
    host,
    'ipvs',
    pass.packet,
    `IPVS (ip_vs_reply4 at ${hook === 'INPUT' ? 'LOCAL_IN' : 'FORWARD'}, priority ${priority}): the reply of IPVS connection ${formatIpvsConn(conn)} (ip_vs_conn_out_get); handle_response rewrites the source ${p.src}:${p.sport} → ${conn.vaddr}:${conn.vport}`,
    { hook, priority },
  );
  if (hook === 'INPUT' || (sysctlNumber(pass.node.host, 'net.ipv4.vs.snat_reroute') ?? 1) === 0) return { matched: true, outcome: null };
  return {
    matched: true,
    outcome: routeMeHarder(
      walk,
      pass,
      'by ip_vs_route_me_harder (net.ipv4.vs.snat_reroute = 1: the reply leaves as if this host sent it from the virtual address)',
      'LOCAL',
    ),
  };
}

/** tcp_conn_schedule (ip_vs_proto_tcp.c): only a SYN (or any non-RST segment with net.ipv4.vs.sloppy_tcp) starts a connection. */
function cannotSchedule(pass: HostPass): string | null {
  const p = pass.packet;
  if (p.proto !== 'tcp') return null;
  if (p.tcpFlags.includes('RST')) return 'a TCP RST never starts an IPVS connection';
  const sloppy = (sysctlNumber(pass.node.host, 'net.ipv4.vs.sloppy_tcp') ?? 0) !== 0;
  if (!p.tcpFlags.includes('SYN') && !sloppy)
    return 'a TCP segment without SYN starts no IPVS connection (tcp_conn_schedule; net.ipv4.vs.sloppy_tcp = 0)';
  return null;
}

function persistence(svc: IpvsService): string {
  if (svc.persistent === undefined) return '';
  const mask = svc.persistent.netmask === undefined ? '' : `, netmask ${svc.persistent.netmask}`;
  return `; persistent ${svc.persistent.timeout} s${mask}: ip_vs_sched_persist first looks for this client's template connection and reuses its real server — the snapshot lists no IPVS connections, so there is none and the scheduler chooses`;
}

/**
 * ip_vs_remote_request4 → ip_vs_in: a packet for a virtual service is scheduled to a real server,
 * gets an IPVS connection, and is handed to the connection's transmitter; any other packet goes
 * on through LOCAL_IN ("packet continues traversal as normal").
 */
function ipvsRequest(walk: Walk, pass: HostPass, at: IpvsAt, linux: Onward): IpvsVerdict {
  const node = pass.node;
  const host = node.host.name;
  const p = pass.packet;
  const hit = findService(services(node), p);
  if (hit === null) return { kind: 'continue' };
  const svc = hit.service;
  const fields = { hook: at.hook, priority: at.priority };
  const head =
    at.hook === 'INPUT'
      ? `IPVS (ip_vs_remote_request4 at LOCAL_IN, priority ${at.priority}, after the filter INPUT chain): virtual service ${serviceName(svc)} ${svc.scheduler}`
      : `IPVS (ip_vs_local_request4 at LOCAL_OUT, priority ${at.priority}, after nat OUTPUT): virtual service ${serviceName(svc)} ${svc.scheduler}`;
  const known = findInConn(walk.ct, host, p);
  if (known !== null) {
    addStep(walk, host, 'ipvs', p, `${head}: the packet belongs to IPVS connection ${formatIpvsConn(known)} (ip_vs_conn_in_get)`, fields);
    return transmit(walk, pass, known, at, linux);
  }
  const refused = cannotSchedule(pass);
  if (refused !== null) {
    addStep(walk, host, 'ipvs', p, `${head}: ${refused}; the packet goes on to the local stack`, fields);
    return { kind: 'continue' };
  }
  const choice = schedule(
    svc,
    p.src,
    p.dst,
    p.sport,
    walk.options.backend ?? null,
    walk.options.decide === undefined ? undefined : { host, service: serviceName(svc), decide: walk.options.decide },
  );
  const intro = `${head} (${hit.how}): ${describeRealServers(svc)}`;
  if (choice.chosen === null) {
    addStep(walk, host, 'ipvs', p, `${intro}; ${choice.why}${choice.note}`, fields);
    addStep(walk, host, 'drop', p, `no real server available: ip_vs_leave answers ICMP port unreachable to ${p.src}`);
    return { kind: 'stolen', advance: { disposition: 'REJECTED', dropReason: null, host, iface: null, packet: p } };
  }
  const rs = choice.chosen;
  const conn: IpvsConn = {
    host,
    proto: p.proto,
    caddr: p.src,
    cport: p.sport,
    vaddr: p.dst,
    vport: p.dport,
    daddr: rs.address,
    dport: rs.port,
    forward: rs.forward,
    service: serviceName(svc),
  };
  addIpvsConn(walk.ct, conn);
  addStep(
    walk,
    host,
    'ipvs',
    p,
    `${intro}; chose ${realServerName(rs)} (${choice.why})${choice.note}${persistence(svc)}; new IPVS connection ${formatIpvsConn(conn)} (ip_vs_conn_new)`,
    fields,
  );
  return transmit(walk, pass, conn, at, linux);
}

/** The two IPVS functions on LOCAL_IN, in priority order. */
export function ipvsLocalIn(walk: Walk, pass: HostPass, linux: Onward): IpvsVerdict {
  if (!hasIpvs(pass.node)) return { kind: 'continue' };
  const reply = replyHook(walk, pass, 'INPUT');
  if (reply.outcome !== null) return { kind: 'stolen', advance: reply.outcome };
  // a reply IPVS just translated, or a packet of this host's own that ip_vs_local_request4 already handled at LOCAL_OUT (skb->ipvs_property)
  if (reply.matched || pass.inIface === 'lo') return { kind: 'continue' };
  return ipvsRequest(walk, pass, { hook: 'INPUT', priority: IPVS_LOCAL_IN_REQUEST }, linux);
}

/**
 * ip_vs_local_request4 → ip_vs_in for a packet a process on this host sends: scheduled on
 * LOCAL_OUT right after nat OUTPUT; a NAT connection's packet is then sent again through the
 * whole LOCAL_OUT hook by ip_vs_nat_send_or_cont.
 */
export function ipvsLocalOut(walk: Walk, pass: HostPass, linux: Onward): IpvsVerdict {
  if (!hasIpvs(pass.node)) return { kind: 'continue' };
  return ipvsRequest(walk, pass, { hook: 'OUTPUT', priority: IPVS_LOCAL_OUT_REQUEST }, linux);
}
