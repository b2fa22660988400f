import type { OvnSwitchPort } from '@hookpath/model';
import type { Packet } from '../packet/packet';
import type { Advance } from '../walk/position';
import { addStep, dropped, type Walk } from '../walk/walk';
import type { CompiledOvn, CompiledSwitch } from '../ovn/compiled-ovn';
import { l2Owner, vifNextHopMac } from '../ovn/l2-owner';
import { isOvnOutcome, type OvnAdvance, type OvnHop } from '../walk/ovn-hop';
import { routerEgress } from './router-egress';
import { routerIngress } from './router-ingress';
import { switchEgress } from './switch-egress';
import { switchIngress } from './switch-ingress';
import { portChassis, chassisLabel } from '../ovn/gateway-chassis';

const hopKey = (hop: OvnHop): string => {
  const p = hop.packet;
  const where =
    hop.at === 'ls_in' || hop.at === 'port'
      ? `${hop.sw.name}|${hop.at === 'port' ? hop.port.name : hop.inport.name}`
      : hop.at === 'ls_out'
        ? `${hop.sw.name}|${hop.outport.name}`
        : `${hop.lr.name}|${hop.inport.port.name}`;
  return `ovn|${hop.at}|${where}|${p.proto}|${p.src}|${p.sport}|${p.dst}|${p.dport}|${p.icmpId}|${p.ttl}`;
};

/**
 * A packet entering the logical topology at switch port `port` from outside OVN (a VIF's
 * interface, a localnet port): its frame goes to the MAC the sender resolved (`l2Target`, else
 * the destination's own or the VIF's gateway).
 */
export function ovnEntry(
  sw: CompiledSwitch,
  port: OvnSwitchPort,
  packet: Packet,
  l2Target: string | null,
): Extract<OvnHop, { at: 'ls_in' }> {
  let frame = packet;
  if (frame.dstMac === undefined) {
    const owner =
      l2Target !== null && l2Target !== packet.dst
        ? l2Owner(sw, l2Target)
        : port.type === 'localnet'
          ? l2Owner(sw, packet.dst)
          : vifNextHopMac(sw, packet.src, packet.dst);
    if (owner !== null) frame = { ...frame, dstMac: owner.mac };
  }
  if (frame.srcMac === undefined) {
    const own = sw.portMacs.get(port);
    if (own !== undefined) frame = { ...frame, srcMac: own };
  }
  return { at: 'ls_in', sw, inport: port, packet: frame };
}

/** The packet is output to a VIF or localnet port: into the host interface bound to it, else out of the snapshot. */
function leaveOvn(walk: Walk, hop: Extract<OvnHop, { at: 'port' }>): Advance {
  const binding = walk.snapshot.wiring.ovnPortEndpoint(hop.port.name, hop.packet.dstMac);
  if (binding !== null) {
    addStep(
      walk,
      hop.sw.name,
      'interface',
      hop.packet,
      `${hop.port.name} is ${binding.endpoint.host}:${binding.endpoint.iface}${binding.how}: the frame arrives there`,
      { iface: hop.port.name },
    );
    return { kind: 'arrive', host: binding.endpoint.host, iface: binding.endpoint.iface, packet: hop.packet };
  }
  const what = hop.port.type === 'localnet' ? 'the physical network' : 'its VIF';
  addStep(
    walk,
    hop.sw.name,
    'interface',
    hop.packet,
    `${hop.port.name} (${what}) is bound to no host of the snapshot: the packet leaves the modelled world there`,
    { iface: hop.port.name },
  );
  return { disposition: 'EXITED', dropReason: null, host: hop.sw.name, iface: hop.port.name, packet: hop.packet, ovn: true };
}

/** Runs the logical pipelines from `start` until the packet leaves OVN, is dropped, or is answered. */
export function runOvn(walk: Walk, ovn: CompiledOvn, start: OvnHop): Advance {
  let hop = start;
  // A VIF's packets are processed on the chassis the VIF is bound to; a localnet's on whichever takes them.
  if (start.at === 'ls_in')
    walk.ovnChassis = start.inport.type === 'localnet' ? null : chassisLabel(ovn, portChassis(ovn, start.inport.name));
  for (;;) {
    const key = hopKey(hop);
    walk.hops++;
    if (walk.visited.has(key) || walk.hops > walk.options.maxHops) {
      const host = hop.at === 'lr_in' || hop.at === 'lr_out' ? hop.lr.name : hop.sw.name;
      return dropped(
        walk,
        host,
        'LOOP',
        hop.packet,
        walk.visited.has(key) ? `logical loop: the same packet reaches ${host} a second time` : `more than ${walk.options.maxHops} hops`,
      );
    }
    walk.visited.add(key);
    let next: OvnAdvance;
    switch (hop.at) {
      case 'ls_in':
        next = switchIngress(walk, hop.sw, hop.inport, hop.packet);
        break;
      case 'ls_out':
        next = switchEgress(walk, ovn, hop.sw, hop.inport, hop.outport, hop.packet);
        break;
      case 'lr_in':
        next = routerIngress(walk, ovn, hop.lr, hop.inport, hop.packet, hop.from);
        break;
      case 'lr_out':
        next = routerEgress(walk, ovn, hop.lr, hop.outport, hop.packet);
        break;
      case 'port':
        return leaveOvn(walk, hop);
      default: {
        const unreachable: never = hop;
        return unreachable;
      }
    }
    if (isOvnOutcome(next)) return next;
    hop = next;
  }
}
