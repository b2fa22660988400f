import type { OvnLogicalRouter, OvnLogicalSwitch, OvnNat, OvnRouterPort, OvnSwitchPort } from '@hookpath/model';
import { parseIpv4, parsePrefix, prefixContains } from '../net/ipv4';
import type { Packet } from '../packet/packet';
import { TraceRequestError } from '../pipeline/trace-request-error';
import { packetView } from '../pipeline/walk';
import type { Disposition, DropReason, TraceStep } from '../trace/trace';
import { activeChassis, isDistributed, isGatewayPort, isStateless, loadBalancersOf, natName, networkAddress, networkContaining, vifAddresses, type OvnTopology } from './topology';

/** A translation a trace made, remembered so the reply is translated back (conntrack's job in OVN). */
export interface OvnConnection {
  router: string;
  kind: 'snat' | 'dnat';
  /** For snat: the original source; for dnat: the original destination (ip and port). */
  original: { ip: string; port: number };
  translated: { ip: string; port: number };
}

export interface OvnWalk {
  topo: OvnTopology;
  steps: TraceStep[];
  backend: string | undefined;
  connections: OvnConnection[];
  hops: number;
  /** Where the packet is being processed, as explanations say it ("gateway chassis …"), once known. */
  chassis: string | null;
}

export interface OvnOutcome {
  disposition: Disposition;
  dropReason: DropReason | string | null;
  /** The logical switch or router the packet ended in. */
  datapath: string;
  /** The port it left by or was delivered to. */
  port: string | null;
  packet: Packet;
}

const MAX_HOPS = 64;

function step(walk: OvnWalk, datapath: string, packet: Packet, explanation: string, iface?: string): void {
  const s: TraceStep = { host: datapath, kind: 'ovn', ...(iface === undefined ? {} : { iface }), packetAfter: packetView(packet), explanation };
  walk.steps.push(s);
}

const end = (disposition: Disposition, dropReason: DropReason | string | null, datapath: string, port: string | null, packet: Packet): OvnOutcome => ({
  disposition,
  dropReason,
  datapath,
  port,
  packet,
});

const ipIn = (cidrOrIp: string, ip: string): boolean => {
  const prefix = parsePrefix(cidrOrIp);
  const address = parseIpv4(ip);
  return prefix !== null && address !== null && prefixContains(prefix, address);
};

function aclCheck(walk: OvnWalk, sw: OvnLogicalSwitch, packet: Packet): OvnOutcome | null {
  const acls = walk.topo.nb.acls;
  if (acls.length === 0) return null;
  const list = acls.map((a) => `${a.uuid ?? '?'} (${a.direction} priority ${a.priority ?? '?'} match "${a.match}" action ${a.action})`).join('; ');
  const reason = `the northbound database has ACL rows, which this engine does not evaluate: ${list}`;
  step(walk, sw.name, packet, `Switch ${sw.name}: ${reason}.`);
  return end('UNKNOWN', reason, sw.name, null, packet);
}

/** Who on switch `sw` answers ARP for `target`, and where the frame goes. */
function switchForward(walk: OvnWalk, sw: OvnLogicalSwitch, inport: OvnSwitchPort, target: string, packet: Packet): OvnOutcome {
  const others = sw.ports.filter((p) => p !== inport);
  for (const port of others) {
    if (port.type !== '') continue;
    const entry = vifAddresses(port).find((a) => a.ips.includes(target));
    if (entry === undefined) continue;
    step(walk, sw.name, packet, `Switch ${sw.name}: ${target} is ${entry.mac} on port ${port.name}; output to ${port.name}.`, port.name);
    return end('DELIVERED', null, sw.name, port.name, packet);
  }
  for (const port of others) {
    if (port.type !== 'router' || port.routerPort === null) continue;
    const ref = walk.topo.routerPorts.get(port.routerPort);
    if (ref === undefined) continue;
    const who = routerAnswers(walk, ref.lr, ref.port, target);
    if (who === null) continue;
    step(walk, sw.name, packet, `Switch ${sw.name}: ${who}; output to ${port.name} (peer of router port ${ref.port.name}).`, port.name);
    return routerIngress(walk, ref.lr, ref.port, packet);
  }
  const localnet = others.find((p) => p.type === 'localnet');
  if (localnet !== undefined) {
    step(walk, sw.name, packet, `Switch ${sw.name}: no logical port has ${target}; the frame goes to the physical network through localnet port ${localnet.name} and leaves the OVN topology.`, localnet.name);
    return end('EXITED', null, sw.name, localnet.name, packet);
  }
  const reason = `no port of switch ${sw.name} has ${target} and the switch has no localnet port: the ARP request for ${target} is not answered (no MAC binding, no port)`;
  step(walk, sw.name, packet, `Switch ${sw.name}: ${reason}.`);
  return end('UNKNOWN', reason, sw.name, null, packet);
}

/** Whether router port `port` answers ARP for `target` (its own address, a NAT external IP, an LB VIP), and on which chassis. */
function routerAnswers(walk: OvnWalk, lr: OvnLogicalRouter, port: OvnRouterPort, target: string): string | null {
  const own = port.networks.find((n) => networkAddress(n) === target);
  if (own !== undefined) return `${target} is router port ${port.name} (${port.mac}) of ${lr.name}`;
  if (networkContaining(port, target) === null) return null;
  const gateway = isGatewayPort(lr, port) ? activeChassis(lr, port) : null;
  const nat = lr.nat.find((n) => n.type !== 'snat' && n.externalIp === target);
  if (nat !== undefined) {
    if (isDistributed(nat)) walk.chassis = `the chassis where ${nat.logicalPort ?? ''} is bound`;
    else if (gateway !== null) walk.chassis = `gateway chassis ${gateway.chassis}`;
    if (isDistributed(nat)) return `${target} is the distributed FIP ${natName(nat)}: answered with external_mac ${nat.externalMac ?? ''} on the chassis where ${nat.logicalPort ?? ''} is bound`;
    return `${target} is the external IP of ${natName(nat)}: router port ${port.name} answers with its MAC ${port.mac}${gateway === null ? '' : ` on gateway chassis ${gateway.chassis} (${gateway.how})`}`;
  }
  const lb = loadBalancersOf(walk.topo, lr).find((l) => l.vips.some((v) => vipAddress(v.vip) === target));
  if (lb !== undefined && gateway !== null) walk.chassis = `gateway chassis ${gateway.chassis}`;
  if (lb !== undefined) return `${target} is a VIP of load balancer ${lb.name} on ${lr.name}: router port ${port.name} answers with ${port.mac}${gateway === null ? '' : ` on gateway chassis ${gateway.chassis}`}`;
  return null;
}

const vipAddress = (vip: string): string => (vip.includes(':') ? vip.slice(0, vip.lastIndexOf(':')) : vip);
const vipPort = (vip: string): number | null => (vip.includes(':') ? Number(vip.slice(vip.lastIndexOf(':') + 1)) : null);

/** A packet entering switch `sw` at `inport` (a pod's port, a localnet port, or from a router). */
export function switchIngress(walk: OvnWalk, sw: OvnLogicalSwitch, inport: OvnSwitchPort, packet: Packet, nexthop: string | null): OvnOutcome {
  if (++walk.hops > MAX_HOPS) return end('DROPPED', 'LOOP', sw.name, inport.name, packet);
  const acl = aclCheck(walk, sw, packet);
  if (acl !== null) return acl;
  if (nexthop !== null) return switchForward(walk, sw, inport, nexthop, packet);
  if (inport.type === 'localnet') {
    step(walk, sw.name, packet, `Switch ${sw.name}: ${packet.src} → ${packet.dst} enters from the physical network through localnet port ${inport.name}.`, inport.name);
    return switchForward(walk, sw, inport, packet.dst, packet);
  }
  walk.chassis ??= `the chassis where ${inport.name} is bound`;
  const local = sw.ports.some((p) => p !== inport && p.type === '' && vifAddresses(p).some((a) => a.ips.includes(packet.dst)));
  const mac = vifAddresses(inport)[0]?.mac;
  if (local) {
    step(walk, sw.name, packet, `Switch ${sw.name}: ${packet.dst} is on the same switch; ${inport.name}${mac === undefined ? '' : ` (${mac})`} sends to it directly.`, inport.name);
    return switchForward(walk, sw, inport, packet.dst, packet);
  }
  for (const port of sw.ports) {
    if (port.type !== 'router' || port.routerPort === null) continue;
    const ref = walk.topo.routerPorts.get(port.routerPort);
    if (ref === undefined || networkContaining(ref.port, packet.src) === null) continue;
    const gw = ref.port.networks.find((n) => networkContaining(ref.port, packet.src) === n) ?? '';
    step(walk, sw.name, packet, `Switch ${sw.name}: ${inport.name}${mac === undefined ? '' : ` (${mac})`} sends ${packet.src} → ${packet.dst} to its gateway ${networkAddress(gw)} (${ref.port.mac}, router ${ref.lr.name}); output to ${port.name}.`, port.name);
    return routerIngress(walk, ref.lr, ref.port, packet);
  }
  const reason = `switch ${sw.name} has no router port with a network containing ${packet.src}: no gateway for ${packet.dst}`;
  step(walk, sw.name, packet, `Switch ${sw.name}: ${reason}.`, inport.name);
  return end('UNKNOWN', reason, sw.name, null, packet);
}

interface Route {
  length: number;
  rank: number;
  nexthop: string;
  port: OvnRouterPort;
  what: string;
}

function lookupRoute(lr: OvnLogicalRouter, packet: Packet): Route | null | string {
  const routes: Route[] = [];
  for (const port of lr.ports) {
    const network = networkContaining(port, packet.dst);
    if (network !== null) routes.push({ length: parsePrefix(network)?.length ?? 0, rank: 2, nexthop: packet.dst, port, what: `connected network ${network} of ${port.name}` });
  }
  for (const r of lr.staticRoutes) {
    const prefix = parsePrefix(r.ipPrefix);
    if (prefix === null || !ipIn(r.ipPrefix, r.policy === 'src-ip' ? packet.src : packet.dst)) continue;
    const port = lr.ports.find((p) => (r.outputPort === null ? networkContaining(p, r.nexthop) !== null : p.name === r.outputPort));
    if (port === undefined) return `static route ${r.ipPrefix} via ${r.nexthop} (${r.policy}) matches, but no port of ${lr.name} reaches ${r.nexthop}`;
    routes.push({ length: prefix.length, rank: r.policy === 'src-ip' ? 0 : 1, nexthop: r.nexthop, port, what: `static route ${r.ipPrefix} via ${r.nexthop} (${r.policy})` });
  }
  routes.sort((a, b) => b.length - a.length || b.rank - a.rank);
  return routes[0] ?? null;
}

function chooseBackend(walk: OvnWalk, backends: string[]): string {
  if (walk.backend === undefined) return backends[0] ?? '';
  if (!backends.includes(walk.backend)) throw new TraceRequestError('BAD_PACKET', `--backend ${walk.backend}: the load balancer's backends are ${backends.join(', ')}`);
  return walk.backend;
}

const split = (ipPort: string): { ip: string; port: number | null } => {
  const colon = ipPort.lastIndexOf(':');
  return colon < 0 ? { ip: ipPort, port: null } : { ip: ipPort.slice(0, colon), port: Number(ipPort.slice(colon + 1)) };
};

/** The router pipeline: un-SNAT of replies, load balancer and DNAT, routing, SNAT on the gateway port. */
export function routerIngress(walk: OvnWalk, lr: OvnLogicalRouter, inport: OvnRouterPort, input: Packet): OvnOutcome {
  if (++walk.hops > MAX_HOPS) return end('DROPPED', 'LOOP', lr.name, inport.name, input);
  let packet = { ...input };
  const port = (p: Packet): number => (p.proto === 'icmp' ? p.icmpId : p.dport);
  const gatewayIn = isGatewayPort(lr, inport) ? activeChassis(lr, inport) : null;
  const hasGateway = lr.ports.some((p) => isGatewayPort(lr, p));
  let dnatDone = false;
  // A reply to a connection this trace translated: conntrack restores the original addresses.
  const unsnat = walk.connections.find((c) => c.router === lr.name && c.kind === 'snat' && c.translated.ip === packet.dst && c.translated.port === port(packet));
  if (unsnat !== undefined) {
    packet = packet.proto === 'icmp' ? { ...packet, dst: unsnat.original.ip, icmpId: unsnat.original.port } : { ...packet, dst: unsnat.original.ip, dport: unsnat.original.port };
    step(walk, lr.name, packet, `Router ${lr.name}: reply of a connection SNATed to ${unsnat.translated.ip}: conntrack restores the destination ${unsnat.original.ip}.`, inport.name);
    dnatDone = true;
  }
  const undnat = walk.connections.find((c) => c.router === lr.name && c.kind === 'dnat' && c.translated.ip === packet.src && (packet.proto === 'icmp' || c.translated.port === packet.sport));
  if (!dnatDone && undnat !== undefined) {
    packet = packet.proto === 'icmp' ? { ...packet, src: undnat.original.ip } : { ...packet, src: undnat.original.ip, sport: undnat.original.port };
    step(walk, lr.name, packet, `Router ${lr.name}: reply of a connection DNATed to ${undnat.translated.ip}: conntrack restores the source ${undnat.original.ip}${packet.proto === 'icmp' ? '' : `:${undnat.original.port}`}.`, inport.name);
    dnatDone = true;
  }
  if (!dnatDone) {
    for (const lb of loadBalancersOf(walk.topo, lr)) {
      const proto = lb.protocol ?? 'tcp';
      const vip = lb.vips.find((v) => vipAddress(v.vip) === packet.dst && (vipPort(v.vip) === null || (packet.proto === proto && vipPort(v.vip) === packet.dport)));
      if (vip === undefined) continue;
      const where = gatewayIn === null ? '' : ` on gateway chassis ${gatewayIn.chassis} (${gatewayIn.how})`;
      if (vip.backends.length === 0) {
        step(walk, lr.name, packet, `Router ${lr.name}: load balancer ${lb.name} VIP ${vip.vip} has no backends; OVN rejects or drops the packet.`, inport.name);
        return end('DROPPED', 'RULE', lr.name, inport.name, packet);
      }
      const chosen = split(chooseBackend(walk, vip.backends));
      const original = { ip: packet.dst, port: packet.dport };
      packet = { ...packet, dst: chosen.ip, dport: chosen.port ?? packet.dport };
      walk.connections.push({ router: lr.name, kind: 'dnat', original, translated: { ip: packet.dst, port: packet.dport } });
      const how = walk.backend === undefined ? (vip.backends.length > 1 ? 'the first; OVN picks one at random per connection (--backend chooses)' : 'the only one') : 'chosen with --backend';
      step(walk, lr.name, packet, `Router ${lr.name}: load balancer ${lb.name} (${proto}) VIP ${vip.vip} → backends ${vip.backends.join(', ')}; DNAT to ${chosen.ip}${chosen.port === null ? '' : `:${chosen.port}`} (${how})${where}.`, inport.name);
      dnatDone = true;
      break;
    }
  }
  if (!dnatDone && (!hasGateway || gatewayIn !== null)) {
    const nat = lr.nat.find((n) => n.type !== 'snat' && n.externalIp === packet.dst);
    if (nat !== undefined) {
      const original = packet.dst;
      packet = { ...packet, dst: nat.logicalIp };
      if (!isStateless(nat)) walk.connections.push({ router: lr.name, kind: 'dnat', original: { ip: original, port: packet.dport }, translated: { ip: nat.logicalIp, port: packet.dport } });
      const where = isDistributed(nat)
        ? `on the chassis where ${nat.logicalPort ?? ''} is bound (distributed: external_mac ${nat.externalMac ?? ''} + logical_port)`
        : gatewayIn === null ? `on ${walk.chassis ?? 'the chassis the packet entered'}` : `on gateway chassis ${gatewayIn.chassis} (${gatewayIn.how}; centralized: no external_mac/logical_port)`;
      step(walk, lr.name, packet, `Router ${lr.name}: ${natName(nat)}: DNAT ${original} → ${nat.logicalIp}${isStateless(nat) ? ' (stateless, without conntrack)' : ''} ${where}.`, inport.name);
      dnatDone = true;
    }
  }
  const own = lr.ports.find((p) => p.networks.some((n) => networkAddress(n) === packet.dst));
  if (own !== undefined) {
    step(walk, lr.name, packet, `Router ${lr.name}: ${packet.dst} is router port ${own.name}'s own address; the router answers it itself.`, own.name);
    return end('DELIVERED', null, lr.name, own.name, packet);
  }
  if (packet.ttl <= 1) {
    step(walk, lr.name, packet, `Router ${lr.name}: TTL ${packet.ttl} expires here.`, inport.name);
    return end('DROPPED', 'TTL_EXCEEDED', lr.name, inport.name, packet);
  }
  packet = { ...packet, ttl: packet.ttl - 1 };
  const route = lookupRoute(lr, packet);
  if (route === null || typeof route === 'string') {
    const why = route ?? `no connected network or static route of ${lr.name} matches ${packet.dst}`;
    step(walk, lr.name, packet, `Router ${lr.name}: ${why}; the packet is dropped.`, inport.name);
    return end('DROPPED', 'OVN_NO_ROUTE', lr.name, inport.name, packet);
  }
  const out = route.port;
  step(walk, lr.name, packet, `Router ${lr.name}: ${packet.dst} via ${route.what}; next hop ${route.nexthop}, output port ${out.name}.`, out.name);
  let srcMac = out.mac;
  let where = walk.chassis === null ? 'on the chassis the packet entered (distributed router port)' : `on ${walk.chassis} (where the packet is)`;
  if (isGatewayPort(lr, out)) {
    const gw = activeChassis(lr, out);
    const nat = unsnat === undefined && undnat === undefined ? snatFor(lr, packet.src) : undefined;
    if (nat !== undefined && isDistributed(nat)) {
      srcMac = nat.externalMac ?? out.mac;
      walk.chassis = `the chassis where ${nat.logicalPort ?? ''} is bound`;
      where = `on ${walk.chassis} (distributed NAT: no redirect to the gateway chassis)`;
    } else if (gw !== null) {
      walk.chassis = `gateway chassis ${gw.chassis}`;
      where = `on gateway chassis ${gw.chassis} (${gw.how}): the packet is redirected there (chassisredirect port cr-${out.name})`;
    }
    if (nat !== undefined) {
      const original = packet.src;
      const p = port(packet);
      packet = { ...packet, src: nat.externalIp };
      if (!isStateless(nat)) walk.connections.push({ router: lr.name, kind: 'snat', original: { ip: original, port: p }, translated: { ip: nat.externalIp, port: p } });
      const others = lr.nat.filter((n) => n !== nat && n.type !== 'dnat' && ipIn(n.logicalIp, original));
      const beats = others.length === 0 ? '' : `; it wins over ${others.map(natName).join(', ')} (longest logical_ip prefix first)`;
      step(walk, lr.name, packet, `Router ${lr.name}: ${natName(nat)}: SNAT ${original} → ${nat.externalIp}${isStateless(nat) ? ' (stateless)' : ''} ${where}${beats}.`, out.name);
    }
  }
  const peer = walk.topo.peerOf.get(out.name);
  step(walk, lr.name, packet, `Router ${lr.name}: leaves ${out.name} ${where} with source MAC ${srcMac} and source IP ${packet.src}.`, out.name);
  if (peer === undefined) return end('EXITED', null, lr.name, out.name, packet);
  return switchIngress(walk, peer.sw, peer.port, packet, route.nexthop);
}

/** The SNAT for `src` on egress: snat and dnat_and_snat rows, longest logical_ip prefix first (oracle fact 3). */
function snatFor(lr: OvnLogicalRouter, src: string): OvnNat | undefined {
  return lr.nat
    .filter((n) => n.type !== 'dnat' && ipIn(n.logicalIp, src))
    .sort((a, b) => (parsePrefix(b.logicalIp)?.length ?? 0) - (parsePrefix(a.logicalIp)?.length ?? 0))[0];
}
