import type { Endpoint } from '@hookpath/model';
import { l2Owner } from '../ovn/l2-owner';
import { ovnEntry } from '../ovn-datapath/run-ovn';
import type { Packet } from '../packet/packet';
import { findInterface } from '../routing/addresses';
import { addressType } from '../netfilter/environment';
import { bridgeOf, bridgeReach, isBridge } from '../topology/bridge';
import { macvlanBlock } from '../topology/macvlan';
import { resolveNeighbour, type NeighbourHost } from '../topology/neighbour';
import type { Attachment } from '../topology/wiring';
import type { HostPass } from '../walk/host-pass';
import { deliver } from './deliver';
import { newPass } from '../walk/host-pass';
import { linkNeighbour } from './link-neighbours';
import type { Advance } from '../walk/position';
import { runHook } from './run-hook';
import { addStep, dropped, type Walk } from '../walk/walk';

/** A packet for a local address went out through lo and comes straight back in. */
function loopBack(walk: Walk, pass: HostPass): Advance {
  const host = pass.node.host.name;
  addStep(walk, host, 'interface', pass.packet, `loops back through lo to ${host} itself`, { iface: 'lo' });
  const back = newPass(pass.node, pass.packet, 'lo');
  back.tracked = pass.tracked;
  back.keepConnection = pass.tracked !== null;
  back.tproxy = pass.tproxy;
  const pre = runHook(walk, back, 'PREROUTING');
  if (pre !== null) return pre;
  addStep(
    walk,
    host,
    'routing',
    back.packet,
    'keeps the route of its output lookup (local): no new input lookup and no rp_filter for looped-back packets',
    { iface: 'lo' },
  );
  return deliver(walk, back, postroutingAndLeave);
}

/**
 * The frame on the wire: its source MAC is the sending device's own (a bridge's for IP sent on a
 * bridge); its destination the receiving station's, when that station is the interface itself
 * (not a bridge port, which hands frames on to others).
 */
function onTheWire(pass: HostPass, dev: string, to: Endpoint | null = null, walk: Walk | null = null): Packet {
  const mac = findInterface(pass.node.host, dev)?.mac;
  // A new frame: the MACs of the one the packet arrived in do not carry over.
  const frame: Packet = { ...pass.packet, srcMac: mac === undefined ? undefined : mac.toLowerCase(), dstMac: undefined };
  const receiver = to === null || walk === null ? undefined : walk.snapshot.hosts.get(to.host)?.host;
  if (to !== null && receiver !== undefined && bridgeOf(receiver, to.iface) === null) {
    const dstMac = findInterface(receiver, to.iface)?.mac;
    if (dstMac !== undefined) frame.dstMac = dstMac.toLowerCase();
  }
  return frame;
}

/**
 * Which station of a segment the trace follows for a broadcast: every member receives the frame;
 * the first one whose local table makes the destination its broadcast (or own) address is the
 * one that delivers it.
 */
function broadcastReceiver(walk: Walk, members: readonly Endpoint[], dst: string): { to: Endpoint; others: Endpoint[] } | null {
  const takes = (m: Endpoint): boolean => {
    const other = walk.snapshot.hosts.get(m.host);
    if (other === undefined) return false;
    const type = addressType(other.host, other.fib, dst);
    return type === 'BROADCAST' || type === 'LOCAL';
  };
  const to = members.find(takes) ?? members[0];
  if (to === undefined) return null;
  return { to, others: members.filter((m) => m !== to) };
}

/** A broadcast route's frame: to the link's peer, or to every member of the segment. */
function leaveBroadcast(walk: Walk, pass: HostPass, dev: string, attachment: Attachment, port: (to: Endpoint) => string): Advance {
  const host = pass.node.host.name;
  const packet = onTheWire(pass, dev);
  const what = `leaves ${host} by ${dev} as a link-layer broadcast (no neighbour resolution)`;
  switch (attachment.kind) {
    case 'none':
      addStep(
        walk,
        host,
        'interface',
        packet,
        `${what}; ${dev} is in no link or segment of topology.yaml: the packet leaves the snapshot`,
        { iface: dev },
      );
      return { disposition: 'EXITED', dropReason: null, host, iface: dev, packet };
    case 'link':
      addStep(walk, host, 'interface', packet, `${what}, wired to ${attachment.peer.host}:${attachment.peer.iface}`, { iface: dev });
      return { kind: 'arrive', host: attachment.peer.host, iface: attachment.peer.iface, packet, broadcast: true };
    case 'segment': {
      const members = attachment.segment.members.filter(
        (m) =>
          !(m.host === host && m.iface === dev) &&
          macvlanBlock((name) => walk.snapshot.hosts.get(name)?.host, { host, iface: dev }, m, attachment.segment.members) === null,
      );
      const pick = broadcastReceiver(walk, members, packet.dst);
      if (pick === null) {
        addStep(walk, host, 'interface', packet, `${what}; no other station is on segment ${attachment.segment.name}: nobody receives it`, {
          iface: dev,
        });
        return { disposition: 'EXITED', dropReason: null, host, iface: dev, packet };
      }
      const also =
        pick.others.length === 0 ? '' : `; ${pick.others.map((m) => `${m.host}:${m.iface}`).join(', ')} receive their own copies`;
      addStep(
        walk,
        host,
        'interface',
        packet,
        `${what} on segment ${attachment.segment.name}${port(pick.to)}: followed to ${pick.to.host}:${pick.to.iface}${also}`,
        { iface: dev },
      );
      return { kind: 'arrive', host: pick.to.host, iface: pick.to.iface, packet, broadcast: true };
    }
    default: {
      const unreachable: never = attachment;
      return unreachable;
    }
  }
}

/** A frame for `nexthop` enters OVN at logical switch port `port` (a bound VIF, or a localnet on the segment). */
function intoOvn(walk: Walk, pass: HostPass, dev: string, port: string, nexthop: string, how: string): Advance | null {
  const ovn = walk.snapshot.ovn;
  const ref = ovn?.switchPorts.get(port);
  if (ovn === null || ref === undefined) return null;
  const packet = onTheWire(pass, dev);
  const hop = ovnEntry(ref.sw, ref.port, packet, nexthop);
  addStep(
    walk,
    pass.node.host.name,
    'interface',
    hop.packet,
    `leaves ${pass.node.host.name} by ${dev} (next hop ${nexthop}) into OVN logical switch ${ref.sw.name} at port ${port}${how}`,
    { iface: dev },
  );
  return { kind: 'ovn', hop };
}

/** The localnet port on `segment` behind which an OVN port answers for `nexthop`. */
function ovnOnSegment(walk: Walk, segment: string, nexthop: string): string | null {
  const ovn = walk.snapshot.ovn;
  if (ovn === null) return null;
  for (const port of walk.snapshot.wiring.localnetOnSegment(segment)) {
    const ref = ovn.switchPorts.get(port);
    if (ref !== undefined && l2Owner(ref.sw, nexthop) !== null) return port;
  }
  return null;
}

/** The packet leaves by `pass.outIface`: into OVN, through a veth link, onto a segment, or out of the snapshot. */
function leave(walk: Walk, pass: HostPass): Advance {
  const node = pass.node;
  const host = node.host.name;
  const dev = pass.outIface ?? '';
  const nexthop = pass.nexthop ?? pass.packet.dst;
  const bound = walk.snapshot.wiring.ovnPortOf(host, dev);
  if (bound !== null && !pass.broadcast) {
    const entered = intoOvn(walk, pass, dev, bound.port, nexthop, `, the port bound to ${host}:${dev}${bound.how}`);
    if (entered !== null) return entered;
  }
  const bridged = isBridge(node.host, dev) ? bridgeReach(walk.snapshot.wiring, node.host, dev) : null;
  const attachment: Attachment =
    bridged !== null && bridged.segment.members.length > 0
      ? { kind: 'segment', segment: bridged.segment }
      : walk.snapshot.wiring.attachment(host, dev);
  const port = (to: Endpoint): string => {
    const p = bridged?.portOf.get(`${to.host}:${to.iface}`);
    return p === undefined ? '' : ` through port ${p}`;
  };
  if (pass.broadcast) return leaveBroadcast(walk, pass, dev, attachment, port);
  const hosts = (name: string): NeighbourHost | undefined => walk.snapshot.hosts.get(name);
  switch (attachment.kind) {
    case 'none':
      addStep(
        walk,
        host,
        'interface',
        pass.packet,
        `leaves ${host} by ${dev} towards ${nexthop}; ${dev} is in no link or segment of topology.yaml: the packet leaves the snapshot`,
        { iface: dev },
      );
      return { disposition: 'EXITED', dropReason: null, host, iface: dev, packet: pass.packet };
    case 'link': {
      const peer = attachment.peer;
      const found = linkNeighbour(walk.snapshot, node, dev, peer, nexthop, pass.packet.src);
      switch (found.kind) {
        case 'sent': {
          const packet = onTheWire(pass, dev, peer, walk);
          addStep(
            walk,
            host,
            'interface',
            packet,
            `leaves ${host} by ${dev} (next hop ${nexthop}), wired to ${peer.host}:${peer.iface}; ${found.explanation}`,
            { iface: dev },
          );
          return { kind: 'arrive', host: peer.host, iface: peer.iface, packet, l2Target: nexthop };
        }
        case 'none':
          return dropped(
            walk,
            host,
            'NO_NEIGHBOR',
            pass.packet,
            `cannot leave by ${dev} (wired to ${peer.host}:${peer.iface}): ${found.explanation}`,
            dev,
          );
        default: {
          const unreachable: never = found;
          return unreachable;
        }
      }
    }
    case 'segment': {
      const found = resolveNeighbour(hosts, node, dev, attachment.segment, nexthop, pass.packet.src);
      switch (found.kind) {
        case 'found': {
          const packet = onTheWire(pass, dev, found.to, walk);
          addStep(
            walk,
            host,
            'interface',
            packet,
            `leaves ${host} by ${dev}${port(found.to)} (next hop ${nexthop}); ${found.explanation}`,
            { iface: dev },
          );
          return { kind: 'arrive', host: found.to.host, iface: found.to.iface, packet, l2Target: nexthop };
        }
        case 'outside': {
          const localnet = ovnOnSegment(walk, attachment.segment.name, nexthop);
          const entered =
            localnet === null
              ? null
              : intoOvn(walk, pass, dev, localnet, nexthop, `, the localnet port on segment ${attachment.segment.name}`);
          if (entered !== null) return entered;
          addStep(walk, host, 'interface', pass.packet, `leaves ${host} by ${dev} (next hop ${nexthop}); ${found.explanation}`, {
            iface: dev,
          });
          return { disposition: 'EXITED', dropReason: null, host, iface: dev, packet: pass.packet };
        }
        case 'none': {
          const localnet = ovnOnSegment(walk, attachment.segment.name, nexthop);
          const entered =
            localnet === null
              ? null
              : intoOvn(walk, pass, dev, localnet, nexthop, `, the localnet port on segment ${attachment.segment.name}`);
          if (entered !== null) return entered;
          return dropped(walk, host, 'NO_NEIGHBOR', pass.packet, `cannot leave by ${dev}: ${found.explanation}`, dev);
        }
        default: {
          const unreachable: never = found;
          return unreachable;
        }
      }
    }
    default: {
      const unreachable: never = attachment;
      return unreachable;
    }
  }
}

/** POSTROUTING, then out of the host (or back in through lo). */
export function postroutingAndLeave(walk: Walk, pass: HostPass): Advance {
  const post = runHook(walk, pass, 'POSTROUTING');
  if (post !== null) return post;
  return pass.outIface === 'lo' ? loopBack(walk, pass) : leave(walk, pass);
}
