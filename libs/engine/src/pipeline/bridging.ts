import type { Endpoint, Host } from '@hookpath/model';
import { parseIpv4 } from '../net/ipv4';
import { addressOwner, findInterface } from '../routing/addresses';
import { routeInput } from '../routing/route-input';
import { sysctlNumber } from '../routing/sysctl';
import { bridgeReach, choosePort } from '../topology/bridge';
import type { CompiledHost } from '../walk/compiled';
import { newPass, type HostPass } from '../walk/host-pass';
import { hostNotes } from './notes';
import type { Advance, Position } from '../walk/position';
import { protoNumber } from '../walk/protocol';
import { routeArrival } from './route-arrival';
import { runHook } from './run-hook';
import { addStep, dropped, unknown, type Walk } from '../walk/walk';

type Arrival = Extract<Position, { kind: 'arrive' }>;

export interface BridgeNfSetting {
  on: boolean;
  source: string;
}

/**
 * Whether bridged IPv4 passes iptables (br_netfilter): the bridge's own nf_call_iptables or the
 * namespace's net.bridge.bridge-nf-call-iptables, either one (oracle facts 4 and 9). The sysctl
 * exists only while the br_netfilter module is loaded, and a namespace created after that starts
 * at 1. So a capture whose sysctl.txt has no net.bridge.* key at all was taken without the module:
 * nothing calls iptables for bridged frames, whatever the bridge attribute says (the attribute is
 * only read by the module's hooks). Null when the snapshot cannot tell.
 */
export function bridgeNfSetting(host: Host, bridge: string): BridgeNfSetting | null {
  const attr = host.interfaces?.find((i) => i.name === bridge)?.bridge?.nfCallIptables;
  const value = sysctlNumber(host, 'net.bridge.bridge-nf-call-iptables');
  if (value === null) {
    if (host.sysctls === null) return null;
    const loaded = Object.keys(host.sysctls).some((k) => k.startsWith('net.bridge.'));
    if (loaded) return null;
    return { on: false, source: 'br_netfilter is not loaded (no net.bridge.* key in sysctl.txt)' };
  }
  if (value !== 0) return { on: true, source: `net.bridge.bridge-nf-call-iptables = ${value}` };
  if (attr === true) return { on: true, source: `${bridge} nf_call_iptables 1 (the namespace's net.bridge.bridge-nf-call-iptables is 0)` };
  return { on: false, source: `net.bridge.bridge-nf-call-iptables = 0${attr === false ? ` and ${bridge} nf_call_iptables 0` : ''}` };
}

interface PortTarget {
  port: string;
  to: Endpoint;
  how: string;
}

/** The member of the bridge's L2 world that owns `l2Target`, and the MAC the frame is sent to. */
function ownerOf(
  walk: Walk,
  node: CompiledHost,
  bridge: string,
  l2Target: string,
): { to: Endpoint; port: string; mac: string | undefined } | null {
  const target = parseIpv4(l2Target) ?? 0;
  const reach = bridgeReach(walk.snapshot.wiring, node.host, bridge);
  const owners = reach.segment.members
    .map((m) => ({
      m,
      owner: (() => {
        const other = walk.snapshot.hosts.get(m.host);
        return other === undefined ? null : addressOwner(other.host, target);
      })(),
    }))
    .filter((x) => x.owner !== null);
  const hit = owners.find((x) => x.owner?.iface === x.m.iface) ?? owners[0];
  if (hit === undefined) return null;
  const other = walk.snapshot.hosts.get(hit.m.host);
  const mac = other === undefined ? undefined : findInterface(other.host, hit.m.iface)?.mac;
  return { to: hit.m, port: reach.portOf.get(`${hit.m.host}:${hit.m.iface}`) ?? '?', mac: mac?.toLowerCase() };
}

/**
 * The bridge's forwarding decision for a frame to `l2Target`: the FDB port, or a flood (every
 * port but the incoming one is reported; the trace follows the port that leads to the owner).
 */
function forwardingPort(walk: Walk, node: CompiledHost, bridge: string, inPort: string, l2Target: string): PortTarget | { drop: string } {
  const owner = ownerOf(walk, node, bridge, l2Target);
  if (owner === null) return { drop: `${bridge} has no port leading to ${l2Target}` };
  if (owner.port === inPort) {
    // br_forward's should_deliver: never back out of the incoming port unless it is in hairpin mode
    const hairpin = findInterface(node.host, inPort)?.bridgePort?.hairpin === true;
    if (hairpin)
      return {
        port: inPort,
        to: owner.to,
        how: `${l2Target} is behind ${inPort}, the port the frame came in by, which is in hairpin mode`,
      };
    return {
      drop: `${l2Target} is behind ${inPort}, the port the frame came in by: the bridge does not send it back out (hairpin mode is off on ${inPort})`,
    };
  }
  const choice = choosePort(node.host, bridge, inPort, owner.mac);
  switch (choice.kind) {
    case 'fdb':
      if (choice.port !== owner.port)
        return {
          drop: `${bridge}'s FDB sends ${owner.mac ?? l2Target} to ${choice.port}, which does not lead to ${l2Target} (${owner.to.host}:${owner.to.iface} is behind ${owner.port})`,
        };
      return { port: choice.port, to: owner.to, how: `FDB entry ${choice.entry}` };
    case 'flood':
      return {
        port: owner.port,
        to: owner.to,
        how: `${choice.why}: flooded to ${choice.ports.join(', ')}; followed through ${owner.port}, which leads to ${l2Target}`,
      };
    case 'same-port':
      return {
        drop: `${bridge}'s FDB has ${owner.mac ?? l2Target} behind ${choice.port}, the port the frame came in by: the bridge does not send it back (no hairpin)`,
      };
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}

/** L2 forwarding without br_netfilter: port to port, iptables never sees the frame. */
function switchFrame(walk: Walk, node: CompiledHost, bridge: string, pos: Arrival, l2Target: string, setting: BridgeNfSetting): Advance {
  const host = node.host.name;
  const found = forwardingPort(walk, node, bridge, pos.iface, l2Target);
  if ('drop' in found) return dropped(walk, host, 'NO_NEIGHBOR', pos.packet, found.drop, bridge);
  addStep(
    walk,
    host,
    'bridge',
    pos.packet,
    `bridged by ${bridge} from port ${pos.iface} to port ${found.port} towards ${l2Target} (${found.how}; ${setting.source}: iptables does not see bridged frames)`,
    { iface: found.port },
  );
  return { kind: 'arrive', host: found.to.host, iface: found.to.iface, packet: pos.packet, l2Target };
}

/**
 * br_netfilter's bridged path (br_nf_forward_ip, br_nf_post_routing): iptables FORWARD and
 * POSTROUTING with the bridge as in and out device and the ports as physdev; no IP forwarding,
 * so no TTL decrement and no rp_filter.
 */
function bridgedThroughIptables(walk: Walk, pass: HostPass, bridge: string, inPort: string, l2Target: string, why: string): Advance {
  const node = pass.node;
  const host = node.host.name;
  const found = forwardingPort(walk, node, bridge, inPort, l2Target);
  if ('drop' in found) return dropped(walk, host, 'NO_NEIGHBOR', pass.packet, found.drop, bridge);
  addStep(
    walk,
    host,
    'bridge',
    pass.packet,
    `${why}: bridged by ${bridge} from port ${inPort} to port ${found.port} towards ${l2Target} (${found.how}); br_netfilter runs iptables FORWARD and POSTROUTING with physdev ${inPort} -> ${found.port}`,
    { iface: found.port },
  );
  pass.inIface = bridge;
  pass.outIface = bridge;
  pass.nexthop = l2Target;
  pass.physdev = { in: inPort, out: found.port, bridged: true };
  const fwd = runHook(walk, pass, 'FORWARD');
  if (fwd !== null) return fwd;
  const post = runHook(walk, pass, 'POSTROUTING');
  if (post !== null) return post;
  const mac = findInterface(node.host, found.port)?.mac;
  addStep(walk, host, 'interface', pass.packet, `leaves ${host} by bridge port ${found.port} of ${bridge}`, { iface: found.port });
  // a bridged frame keeps its source MAC: the sender's, not the bridge's
  return {
    kind: 'arrive',
    host: found.to.host,
    iface: found.to.iface,
    packet: { ...pass.packet, srcMac: pass.packet.srcMac ?? mac },
    l2Target,
  };
}

/**
 * br_nf_pre_routing_finish after a DNAT in PREROUTING: the new destination is routed; when the
 * route leads back out of the same bridge, the packet is bridged to the new destination
 * ("bridged DNAT", oracle fact 4), otherwise it goes up to IP on the bridge device.
 */
function afterBridgePrerouting(walk: Walk, pass: HostPass, bridge: string, pos: Arrival, forHost: boolean): Advance {
  const node = pass.node;
  const p = pass.packet;
  if (p.dst !== pos.packet.dst && node.fib !== null) {
    const decision = routeInput(node.host, node.fib, {
      src: p.src,
      dst: p.dst,
      iif: bridge,
      mark: p.mark,
      proto: protoNumber(p.proto),
      sport: p.sport,
      dport: p.dport,
      tos: p.tos,
      multipath: walk.options.multipath,
    });
    if (decision.kind === 'forward' && decision.egress.dev === bridge) {
      const nexthop = decision.egress.nexthop ?? p.dst;
      addStep(
        walk,
        node.host.name,
        'routing',
        p,
        `${decision.explanation}; the DNATed destination is behind ${bridge} itself, so br_netfilter bridges the packet instead of routing it (TTL unchanged, no rp_filter)`,
        { iface: bridge },
      );
      return bridgedThroughIptables(walk, pass, bridge, pos.iface, nexthop, `bridged DNAT to ${p.dst}`);
    }
    return routeArrival(walk, pass, false);
  }
  if (forHost) return routeArrival(walk, pass, pos.broadcast === true);
  return bridgedThroughIptables(
    walk,
    pass,
    bridge,
    pos.iface,
    pos.l2Target ?? p.dst,
    `the frame is for ${pos.l2Target ?? p.dst}, another station on ${bridge}`,
  );
}

/**
 * A frame arriving on a bridge port. Without br_netfilter, a frame for the host (its MAC: the
 * sender's next hop is one of its addresses, or a broadcast) goes up to IP on the bridge device
 * (null: the caller does that) and any other frame is switched at L2. With it, every IPv4 frame
 * first passes iptables PREROUTING (conntrack included) with the port as physdev-in.
 */
export function bridgeArrival(walk: Walk, node: CompiledHost, bridge: string, pos: Arrival): Advance | null {
  const host = node.host.name;
  const l2Target = pos.l2Target;
  const forHost = pos.broadcast === true || l2Target === undefined || addressOwner(node.host, parseIpv4(l2Target) ?? 0) !== null;
  const setting = bridgeNfSetting(node.host, bridge);
  if (setting === null || !setting.on) {
    if (forHost) return null;
    addStep(walk, host, 'interface', pos.packet, `arrives on ${host}:${pos.iface}, a port of bridge ${bridge}${hostNotes(node)}`, {
      iface: pos.iface,
    });
    if (setting === null) {
      const reason = `whether bridged IPv4 on ${host}:${bridge} passes iptables (net.bridge.bridge-nf-call-iptables) was not captured`;
      return unknown(walk, host, 'bridge', reason, pos.packet, reason);
    }
    return switchFrame(walk, node, bridge, pos, l2Target, setting);
  }
  const whom = forHost ? `for ${host} itself` : `for ${l2Target}, another station on the bridge`;
  addStep(
    walk,
    host,
    'interface',
    pos.packet,
    `arrives on ${host}:${pos.iface}, a port of bridge ${bridge}, ${whom}; br_netfilter (${setting.source}) passes it through iptables PREROUTING with physdev-in ${pos.iface}${hostNotes(node)}`,
    { iface: pos.iface },
  );
  const pass = newPass(node, pos.packet, bridge);
  pass.physdev = { in: pos.iface, out: null, bridged: true };
  const pre = runHook(walk, pass, 'PREROUTING');
  if (pre !== null) return pre;
  return afterBridgePrerouting(walk, pass, bridge, pos, forHost);
}
