import type { Packet } from '../packet/packet';
import type { Outcome, Walk } from '../walk/walk';
import { chooseBackend, findVip } from './choose-backend';
import type { CompiledOvn, CompiledRouter, RouterPortRef } from '../ovn/compiled-ovn';
import { activeGatewayChassis, chassisLabel, isDistributedNat, isStatelessNat, portChassis } from '../ovn/gateway-chassis';
import { OvnConntrack } from '../ovn/ovn-conntrack';
import type { OvnAdvance } from '../walk/ovn-hop';
import { ovnDrop, ovnStep, ovnUnknown, rowObject, vipObject } from './ovn-step';
import { natAppliesOn, natNotModelled, natText, routerCtZone } from '../ovn/router-nat';
import { routeAndForward } from './router-routing';

/** A router's own addresses (its ports' networks). */
const routerOwns = (lr: CompiledRouter, ip: string): RouterPortRef | undefined =>
  [...lr.ports.values()].find((r) => r.networks.some((n) => n.address === ip));

/** lr_in_admission: which chassis takes the frame, and whether the router accepts its destination MAC. */
function admission(walk: Walk, ovn: CompiledOvn, lr: CompiledRouter, inport: RouterPortRef, packet: Packet): Outcome | null {
  const mac = inport.port.mac.toLowerCase();
  const distributed = lr.nat.find((n) => isDistributedNat(n) && n.externalMac?.toLowerCase() === packet.dstMac);
  const isGatewayPort = lr.gatewayPorts.includes(inport);
  if (packet.dstMac !== undefined && packet.dstMac !== mac && distributed === undefined && packet.dstMac !== 'ff:ff:ff:ff:ff:ff') {
    return ovnDrop(
      walk,
      lr.name,
      'lr_in_admission',
      'OVN_ADMISSION',
      packet,
      `Router ${lr.name}: the frame on ${inport.port.name} is for ${packet.dstMac}, not the port's MAC ${mac}: dropped.`,
    );
  }
  let where = '';
  if (distributed !== undefined) {
    walk.ovnChassis = chassisLabel(ovn, portChassis(ovn, distributed.logicalPort ?? ''));
    where = ` ${packet.dstMac ?? ''} is the external_mac of the distributed ${natText(distributed)}: handled on the chassis of ${distributed.logicalPort ?? ''}.`;
  } else if (isGatewayPort || lr.gatewayRouterChassis !== null) {
    const gw = activeGatewayChassis(ovn, lr, inport);
    if (gw !== null) {
      walk.ovnChassis = chassisLabel(ovn, gw.chassis);
      where = ` Only the gateway chassis ${walk.ovnChassis} (${gw.how}) takes frames for ${inport.port.name}.`;
    }
  }
  ovnStep(
    walk,
    lr.name,
    'lr_in_admission',
    packet,
    `Router ${lr.name}: enters by ${inport.port.name} (${mac}, ${inport.port.networks.join(' ')}).${where}`,
  );
  return null;
}

/** lr_in_ip_input: what the router does with packets for its own addresses. */
function ipInput(walk: Walk, lr: CompiledRouter, inport: RouterPortRef, packet: Packet): Outcome | null {
  const own = routerOwns(lr, packet.dst);
  const isNatIp = lr.nat.some((n) => n.externalIp === packet.dst) || lr.vips.has(packet.dst);
  if (own !== undefined && !isNatIp) {
    if (packet.proto === 'icmp' && packet.icmpType === 8) {
      ovnStep(
        walk,
        lr.name,
        'lr_in_ip_input',
        packet,
        `Router ${lr.name}: ${packet.dst} is router port ${own.port.name}'s own address; the router answers the echo request itself (icmp4.type = 0, sent back out of ${inport.port.name}).`,
        { iface: inport.port.name },
      );
      return { disposition: 'DELIVERED', dropReason: null, host: lr.name, iface: inport.port.name, packet, ovn: true };
    }
    // "except in the special case of gateways" (ovn-northd(8), IP Input): a gateway router or a router with
    // a distributed gateway port drops them (priority 60) instead of answering.
    const gateway = lr.gatewayRouterChassis !== null || lr.gatewayPorts.length > 0;
    const what = packet.proto === 'tcp' ? 'a TCP reset' : packet.proto === 'udp' ? 'an ICMP port unreachable' : null;
    if (what !== null && !gateway) {
      ovnStep(
        walk,
        lr.name,
        'lr_in_ip_input',
        packet,
        `Router ${lr.name}: ${packet.dst} is router port ${own.port.name}'s own address and nothing listens there: the router answers with ${what}.`,
        { iface: inport.port.name },
      );
      return { disposition: 'REJECTED', dropReason: null, host: lr.name, iface: inport.port.name, packet, ovn: true };
    }
    const why = what !== null ? `; ${lr.name} has a gateway, so ${packet.proto.toUpperCase()} to it gets no answer` : '';
    return ovnDrop(
      walk,
      lr.name,
      'lr_in_ip_input',
      'OVN_ROUTER_IP',
      packet,
      `Router ${lr.name}: ${packet.dst} is router port ${own.port.name}'s own address; other traffic to it is dropped${why}.`,
    );
  }
  if (packet.ttl <= 1)
    return ovnDrop(
      walk,
      lr.name,
      'lr_in_ip_input',
      'TTL_EXCEEDED',
      packet,
      `Router ${lr.name}: TTL ${packet.ttl} expires here (ICMP time exceeded goes back).`,
    );
  return null;
}

/** lr_in_unsnat: a reply to a connection this router SNATed gets its original destination back. */
function unsnat(walk: Walk, lr: CompiledRouter, inport: RouterPortRef, packet: Packet): Packet {
  const nat = lr.nat.find((n) => n.type !== 'dnat' && n.externalIp === packet.dst && natAppliesOn(lr, n, inport));
  if (nat === undefined) return packet;
  const object = rowObject(walk, 'NAT', nat, natText(nat), { router: lr.name });
  if (isStatelessNat(nat)) return packet;
  const zone = routerCtZone(lr, 'snat');
  const found = walk.ovnCt.lookup(zone, packet);
  if (found.state === 'new' || !found.reply || found.conn.nat.src === undefined) {
    ovnStep(
      walk,
      lr.name,
      'lr_in_unsnat',
      packet,
      `Router ${lr.name}: ${packet.dst} is the external IP of ${natText(nat)}; ct_snat finds no connection it SNATed, nothing to undo.`,
      { object },
    );
    return packet;
  }
  const after = OvnConntrack.applyNat(packet, found, 'both');
  ovnStep(
    walk,
    lr.name,
    'lr_in_unsnat',
    after,
    `Router ${lr.name}: reply of a connection SNATed by ${natText(nat)} (${found.conn.origin}): ct_snat restores the destination ${after.dst}.`,
    { object },
  );
  return after;
}

/** lr_in_dnat: load balancer VIPs, then dnat / dnat_and_snat rows; established connections keep their NAT. */
function dnat(walk: Walk, ovn: CompiledOvn, lr: CompiledRouter, inport: RouterPortRef, packet: Packet): Packet | Outcome {
  const zone = routerCtZone(lr, 'dnat');
  const found = walk.ovnCt.lookup(zone, packet);
  if (found.state === 'est') {
    if (found.conn.nat.dst === undefined && !(found.reply && found.conn.nat.src !== undefined)) return packet;
    const after = OvnConntrack.applyNat(packet, found, 'both');
    if (after.dst === packet.dst && after.src === packet.src && after.dport === packet.dport && after.sport === packet.sport) return packet;
    ovnStep(
      walk,
      lr.name,
      'lr_in_dnat',
      after,
      `Router ${lr.name}: a packet of the established connection (${found.conn.origin}): ct_dnat applies its NAT, ${after.src} -> ${after.dst}.`,
    );
    return after;
  }
  const gateway = lr.gatewayRouterChassis !== null || lr.gatewayPorts.length > 0;
  const vip = gateway ? findVip(lr.vips, packet.dst, packet.proto, packet.dport) : undefined;
  if (vip !== undefined) {
    const forced = lr.lr.options.lb_force_snat_ip ?? (vip.lb.options?.skip_snat === 'true' ? undefined : lr.lr.options.force_snat_for_lb);
    if (forced !== undefined)
      return ovnUnknown(
        walk,
        lr.name,
        'lr_in_dnat',
        `router ${lr.name} SNATs load-balanced traffic (options lb_force_snat_ip / force_snat_for_lb = ${forced}), which the engine does not model`,
        packet,
      );
    const object = vipObject(walk, vip);
    const choice = chooseBackend(walk, vip, lr.name);
    if (choice === null)
      return ovnDrop(
        walk,
        lr.name,
        'lr_in_dnat',
        'OVN_LB_NO_BACKEND',
        packet,
        `Router ${lr.name}: load balancer ${vip.lb.name} VIP ${vip.vip} has no backends: dropped.`,
        object,
      );
    const b = choice.backend;
    const after: Packet = { ...packet, dst: b.ip, dport: b.port ?? packet.dport };
    walk.ovnCt.commit(zone, packet, { dst: { ip: b.ip, port: after.dport } }, `ct_lb_mark to ${b.text} by ${vip.lb.name} on ${lr.name}`);
    const gw = activeGatewayChassis(ovn, lr, lr.gatewayPorts[0] ?? null);
    if (gw !== null) walk.ovnChassis = chassisLabel(ovn, gw.chassis);
    ovnStep(
      walk,
      lr.name,
      'lr_in_dnat',
      after,
      `Router ${lr.name}: load balancer ${vip.lb.name} (${vip.protocol}) VIP ${vip.vip}: backends ${vip.backends.map((x) => x.text).join(', ')}; ct_lb_mark DNATs to ${b.text} (${choice.how})${gw === null ? '' : ` on gateway chassis ${walk.ovnChassis ?? gw.chassis}`}.`,
      { object },
    );
    return after;
  }
  const nat = lr.nat.find((n) => n.type !== 'snat' && n.externalIp === packet.dst && natAppliesOn(lr, n, inport));
  if (nat === undefined) return packet;
  const notModelled = natNotModelled(nat);
  if (notModelled !== null) return ovnUnknown(walk, lr.name, 'lr_in_dnat', notModelled, packet);
  const object = rowObject(walk, 'NAT', nat, natText(nat), { router: lr.name });
  const after: Packet = { ...packet, dst: nat.logicalIp };
  const where = isDistributedNat(nat)
    ? `on the chassis of ${nat.logicalPort ?? ''} (distributed: external_mac ${nat.externalMac ?? ''} and logical_port)`
    : walk.ovnChassis === null
      ? ''
      : `on ${walk.ovnChassis} (centralized)`;
  if (isStatelessNat(nat)) {
    ovnStep(
      walk,
      lr.name,
      'lr_in_dnat',
      after,
      `Router ${lr.name}: ${natText(nat)} is stateless: ip4.dst = ${nat.logicalIp} without conntrack ${where}.`,
      { object },
    );
    return after;
  }
  walk.ovnCt.commit(zone, packet, { dst: { ip: nat.logicalIp } }, `ct_dnat to ${nat.logicalIp} by ${natText(nat)}`);
  ovnStep(walk, lr.name, 'lr_in_dnat', after, `Router ${lr.name}: ${natText(nat)}: ct_dnat ${packet.dst} -> ${nat.logicalIp} ${where}.`, {
    object,
  });
  return after;
}

/**
 * A router's ingress pipeline (ovn-northd(8) "Logical Router Datapaths", ingress tables):
 * admission, IP input, un-SNAT, DNAT and load balancing, then routing, policies, ARP
 * resolution and the gateway redirect (router-routing.ts).
 */
export function routerIngress(
  walk: Walk,
  ovn: CompiledOvn,
  lr: CompiledRouter,
  inport: RouterPortRef,
  input: Packet,
  from?: 'lr_in_ip_routing',
): OvnAdvance {
  let packet = input;
  if (from === undefined) {
    const refused = admission(walk, ovn, lr, inport, packet) ?? ipInput(walk, lr, inport, packet);
    if (refused !== null) return refused;
    packet = unsnat(walk, lr, inport, packet);
    const translated = dnat(walk, ovn, lr, inport, packet);
    if ('disposition' in translated) return translated;
    packet = translated;
  }
  return routeAndForward(walk, ovn, lr, inport, packet);
}
