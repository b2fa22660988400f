import type { OvnSwitchPort } from '@hookpath/model';
import type { Packet } from '../packet/packet';
import type { Walk } from '../walk/walk';
import { aclStage } from './acl-stage';
import type { CompiledSwitch } from '../ovn/compiled-ovn';
import { ctZoneOfPort, switchConntrack, type SwitchCt } from './switch-conntrack';
import type { OvnAdvance } from '../walk/ovn-hop';
import { portSecurityIn } from '../ovn/port-security';
import { ovnDrop, ovnStep, ovnUnknown } from './ovn-step';
import { hairpinReply, switchLoadBalancing } from './switch-lb';

const BROADCAST = 'ff:ff:ff:ff:ff:ff';

/**
 * A switch's ingress pipeline (ovn-northd(8) "Logical Switch Datapaths", ingress tables):
 * port security, conntrack for load balancers and stateful ACLs, from-lport ACLs, load balancing
 * with hairpin, the stateful commit, then the L2 lookup that picks the output port.
 */
export function switchIngress(walk: Walk, sw: CompiledSwitch, inport: OvnSwitchPort, input: Packet): OvnAdvance {
  let packet = input;
  const name = sw.name;
  if (inport.enabled === false)
    return ovnDrop(
      walk,
      name,
      'ls_in_apply_port_sec',
      'OVN_PORT_SECURITY',
      packet,
      `${inport.name} is disabled (enabled=false): every packet from it is dropped.`,
    );
  const security = portSecurityIn(inport, packet);
  if (security !== null) {
    if (!security.allowed) return ovnDrop(walk, name, 'ls_in_apply_port_sec', 'OVN_PORT_SECURITY', packet, security.explanation);
    ovnStep(walk, name, 'ls_in_apply_port_sec', packet, security.explanation);
  }
  // ls_in_pre_lb / ls_in_pre_stateful: packets from a router port skip conntrack here.
  const fromRouter = inport.type === 'router';
  const ct: SwitchCt = switchConntrack(walk, sw, fromRouter ? null : ctZoneOfPort(inport), packet, 'ls_in_pre_stateful');
  packet = ct.packet;
  const acl = aclStage(walk, sw, 'ls_in_acl', inport, null, packet, ct);
  if (acl !== null) return acl;
  const back = hairpinReply(walk, sw, packet, ct);
  if (back !== null) {
    ovnStep(walk, name, 'ls_in_hairpin', back, `Hairpin reply: back out of ${inport.name} to the client.`, { iface: inport.name });
    return { at: 'ls_out', sw, inport, outport: inport, packet: back };
  }
  const lb = switchLoadBalancing(walk, sw, inport, packet, ct);
  if (lb.kind === 'outcome') return lb.outcome;
  packet = lb.packet;
  if (lb.kind === 'hairpin') {
    ovnStep(
      walk,
      name,
      'ls_in_hairpin',
      packet,
      `Hairpin: the backend ${packet.dst} is the client itself; the reply address is swapped and the packet goes back out of ${inport.name}.`,
      { iface: inport.name },
    );
    return { at: 'ls_out', sw, inport, outport: inport, packet };
  }
  const after = aclStage(walk, sw, 'ls_in_acl_after_lb', inport, null, packet, ct);
  if (after !== null) return after;
  return l2Lookup(walk, sw, inport, packet);
}

/** ls_in_l2_lkup and ls_in_l2_unknown: the output port by destination MAC. */
function l2Lookup(walk: Walk, sw: CompiledSwitch, inport: OvnSwitchPort, packet: Packet): OvnAdvance {
  const name = sw.name;
  const dst = packet.dstMac;
  if (dst === undefined) {
    const why =
      inport.type === 'localnet'
        ? `no logical port of ${name} answers ARP for ${packet.dst} (no VIF, router port, NAT or load balancer address of ${name} is ${packet.dst}): a sender on the physical network would not address a frame for it to OVN`
        : `${inport.name} has no gateway on ${name} for ${packet.dst} (no router port of ${name} has a network with ${packet.src}), so the frame's destination MAC is not known`;
    return ovnUnknown(walk, name, 'ls_in_l2_lkup', why, packet);
  }
  if (dst === BROADCAST)
    return ovnUnknown(
      walk,
      name,
      'ls_in_l2_lkup',
      `a broadcast frame on ${name} is flooded to every port; broadcast traffic is not modelled`,
      packet,
    );
  const owner = sw.macs.get(dst);
  if (owner !== undefined && owner.enabled === false) {
    return ovnDrop(
      walk,
      name,
      'ls_in_l2_lkup',
      'OVN_PORT_SECURITY',
      packet,
      `${dst} belongs to ${owner.name}, which is disabled (enabled=false): the frame is dropped.`,
    );
  }
  if (owner !== undefined) {
    ovnStep(
      walk,
      name,
      'ls_in_l2_lkup',
      packet,
      `${dst} belongs to ${owner.name}${owner.type === 'router' ? ` (router port ${owner.routerPort ?? ''})` : ''}: outport = "${owner.name}".`,
      { iface: owner.name },
    );
    return { at: 'ls_out', sw, inport, outport: owner, packet };
  }
  const unknown = sw.unknownPorts.filter((p) => p !== inport);
  if (unknown.length === 0) {
    return ovnDrop(
      walk,
      name,
      'ls_in_l2_unknown',
      'OVN_L2_UNKNOWN',
      packet,
      `No port of ${name} has MAC ${dst} and none has "unknown" addresses: the frame is dropped.`,
    );
  }
  if (unknown.length > 1) {
    return ovnUnknown(
      walk,
      name,
      'ls_in_l2_unknown',
      `MAC ${dst} is unknown on ${name}: the frame is flooded to ${unknown.map((p) => p.name).join(', ')} (several ports of unknown addresses are not modelled)`,
      packet,
    );
  }
  const port = unknown[0] as OvnSwitchPort;
  ovnStep(
    walk,
    name,
    'ls_in_l2_unknown',
    packet,
    `No port of ${name} has MAC ${dst}: outport = "_MC_unknown", the ports with unknown addresses: ${port.name}${port.type === 'localnet' ? ' (localnet, the physical network)' : ''}.`,
    { iface: port.name },
  );
  return { at: 'ls_out', sw, inport, outport: port, packet };
}
