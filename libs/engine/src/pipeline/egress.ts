import { bridgeReach, isBridge } from '../topology/bridge';
import { resolveNeighbour, type NeighbourHost } from '../topology/neighbour';
import type { Attachment } from '../topology/wiring';
import type { HostPass } from './host-pass';
import { deliver } from './deliver';
import { newPass } from './host-pass';
import type { Advance } from './position';
import { runHook } from './run-hook';
import { addStep, dropped, type Walk } from './walk';

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
  addStep(walk, host, 'routing', back.packet, 'keeps the route of its output lookup (local): no new input lookup and no rp_filter for looped-back packets', { iface: 'lo' });
  return deliver(walk, back);
}

/** The packet leaves by `pass.outIface`: through a veth link, onto a segment, or out of the snapshot. */
function leave(walk: Walk, pass: HostPass): Advance {
  const node = pass.node;
  const host = node.host.name;
  const dev = pass.outIface ?? '';
  const nexthop = pass.nexthop ?? pass.packet.dst;
  const bridged = isBridge(node.host, dev) ? bridgeReach(walk.snapshot.wiring, node.host, dev) : null;
  const attachment: Attachment = bridged !== null && bridged.segment.members.length > 0 ? { kind: 'segment', segment: bridged.segment } : walk.snapshot.wiring.attachment(host, dev);
  const port = (to: { host: string; iface: string }): string => {
    const p = bridged?.portOf.get(`${to.host}:${to.iface}`);
    return p === undefined ? '' : ` through port ${p}`;
  };
  switch (attachment.kind) {
    case 'none':
      addStep(walk, host, 'interface', pass.packet, `leaves ${host} by ${dev} towards ${nexthop}; ${dev} is in no link or segment of topology.yaml: the packet leaves the snapshot`, { iface: dev });
      return { disposition: 'EXITED', dropReason: null, host, iface: dev, packet: pass.packet };
    case 'link': {
      const peer = attachment.peer;
      addStep(walk, host, 'interface', pass.packet, `leaves ${host} by ${dev} (next hop ${nexthop}), wired to ${peer.host}:${peer.iface}`, { iface: dev });
      return { kind: 'arrive', host: peer.host, iface: peer.iface, packet: pass.packet, l2Target: nexthop };
    }
    case 'segment': {
      const hosts = (name: string): NeighbourHost | undefined => walk.snapshot.hosts.get(name);
      const found = resolveNeighbour(hosts, node, dev, attachment.segment, nexthop, pass.packet.src);
      switch (found.kind) {
        case 'found':
          addStep(walk, host, 'interface', pass.packet, `leaves ${host} by ${dev}${port(found.to)} (next hop ${nexthop}); ${found.explanation}`, { iface: dev });
          return { kind: 'arrive', host: found.to.host, iface: found.to.iface, packet: pass.packet, l2Target: nexthop };
        case 'outside':
          addStep(walk, host, 'interface', pass.packet, `leaves ${host} by ${dev} (next hop ${nexthop}); ${found.explanation}`, { iface: dev });
          return { disposition: 'EXITED', dropReason: null, host, iface: dev, packet: pass.packet };
        case 'none':
          return dropped(walk, host, 'NO_NEIGHBOR', pass.packet, `cannot leave by ${dev}: ${found.explanation}`, dev);
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
