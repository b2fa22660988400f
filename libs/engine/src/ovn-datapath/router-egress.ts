import type { Packet } from '../packet/packet';
import type { Outcome, Walk } from '../walk/walk';
import type { CompiledOvn, CompiledRouter, RouterPortRef } from '../ovn/compiled-ovn';
import { isDistributedNat, isStatelessNat } from '../ovn/gateway-chassis';
import { OvnConntrack } from '../ovn/ovn-conntrack';
import type { OvnAdvance } from '../walk/ovn-hop';
import { ovnStep, ovnUnknown, rowObject } from './ovn-step';
import { natAppliesOn, natNotModelled, natText, routerCtZone, snatCovers, snatFor } from '../ovn/router-nat';

const samePacket = (a: Packet, b: Packet): boolean => a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;

/** lr_out_undnat: a reply from a DNATed (or load-balanced) backend gets the external address back as its source. */
function undnat(walk: Walk, lr: CompiledRouter, outport: RouterPortRef, packet: Packet): Packet {
  const applies = lr.gatewayRouterChassis !== null || lr.gatewayPorts.includes(outport);
  if (!applies) return packet;
  const zone = routerCtZone(lr, 'dnat');
  const found = walk.ovnCt.lookup(zone, packet);
  if (found.state !== 'est' || !found.reply || found.conn.nat.dst === undefined) return packet;
  const after = OvnConntrack.applyNat(packet, found, 'both');
  if (samePacket(after, packet)) return packet;
  ovnStep(
    walk,
    lr.name,
    'lr_out_undnat',
    after,
    `Router ${lr.name}: reply of the connection ${found.conn.origin}: ct_dnat restores the source ${after.src}${after.proto === 'icmp' ? '' : `:${after.sport}`}.`,
    { iface: outport.port.name },
  );
  return after;
}

/** lr_out_snat: the source leaving a gateway port is translated by the most specific snat / dnat_and_snat row. */
function snat(walk: Walk, lr: CompiledRouter, outport: RouterPortRef, packet: Packet): Packet | Outcome {
  const zone = routerCtZone(lr, 'snat');
  const found = walk.ovnCt.lookup(zone, packet);
  if (found.state === 'est' && (found.reply || found.conn.nat.src !== undefined)) {
    const after = OvnConntrack.applyNat(packet, found, 'both');
    if (!found.reply && !samePacket(after, packet))
      ovnStep(
        walk,
        lr.name,
        'lr_out_snat',
        after,
        `Router ${lr.name}: a packet of the established connection (${found.conn.origin}): ct_snat applies its SNAT, source ${after.src}.`,
        { iface: outport.port.name },
      );
    return found.reply ? packet : after;
  }
  const nat = snatFor(lr, outport, packet.src);
  if (nat === undefined) return packet;
  const notModelled = natNotModelled(nat);
  if (notModelled !== null) return ovnUnknown(walk, lr.name, 'lr_out_snat', notModelled, packet);
  const object = rowObject(walk, 'NAT', nat, natText(nat), { router: lr.name });
  const after: Packet = { ...packet, src: nat.externalIp };
  const others = lr.nat.filter((n) => n !== nat && n.logicalIp !== nat.logicalIp && snatCovers(lr, n, outport, packet.src));
  const beats =
    others.length === 0 ? '' : `; it wins over ${others.map(natText).join(', ')} (the longest logical_ip prefix has the highest priority)`;
  const where = isDistributedNat(nat)
    ? ` on the chassis of ${nat.logicalPort ?? ''} (distributed)`
    : walk.ovnChassis === null
      ? ''
      : ` on ${walk.ovnChassis}`;
  if (isStatelessNat(nat)) {
    ovnStep(
      walk,
      lr.name,
      'lr_out_snat',
      after,
      `Router ${lr.name}: ${natText(nat)} is stateless: ip4.src = ${nat.externalIp} without conntrack${where}${beats}.`,
      { iface: outport.port.name, object },
    );
    return after;
  }
  walk.ovnCt.commit(zone, packet, { src: { ip: nat.externalIp } }, `ct_snat to ${nat.externalIp} by ${natText(nat)}`);
  ovnStep(
    walk,
    lr.name,
    'lr_out_snat',
    after,
    `Router ${lr.name}: ${natText(nat)}: ct_snat ${packet.src} -> ${nat.externalIp}${where}${beats}.`,
    { iface: outport.port.name, object },
  );
  return after;
}

/**
 * A router's egress pipeline: un-DNAT of replies, SNAT, the egress loop for traffic to the
 * router's own NAT addresses (it re-enters the router's ingress), then delivery to the peer.
 */
export function routerEgress(walk: Walk, ovn: CompiledOvn, lr: CompiledRouter, outport: RouterPortRef, input: Packet): OvnAdvance {
  let packet = undnat(walk, lr, outport, input);
  const gatewayOut = lr.gatewayRouterChassis !== null || lr.gatewayPorts.includes(outport);
  if (gatewayOut) {
    const translated = snat(walk, lr, outport, packet);
    if ('disposition' in translated) return translated;
    packet = translated;
  }
  const looped = gatewayOut
    ? lr.nat.find((n) => n.type !== 'snat' && n.externalIp === packet.dst && natAppliesOn(lr, n, outport))
    : undefined;
  if (looped !== undefined) {
    ovnStep(
      walk,
      lr.name,
      'lr_out_egr_loop',
      packet,
      `Router ${lr.name}: ${packet.dst} is this router's own ${natText(looped)}: the packet loops back into the router's ingress as if it came in by ${outport.port.name}.`,
      { object: rowObject(walk, 'NAT', looped, natText(looped), { router: lr.name }) },
    );
    return { at: 'lr_in', lr, inport: outport, packet: { ...packet, dstMac: outport.port.mac.toLowerCase() } };
  }
  ovnStep(walk, lr.name, 'lr_out_delivery', packet, `Router ${lr.name}: output to "${outport.port.name}".`, { iface: outport.port.name });
  const directPeer = outport.port.peer ?? null;
  if (directPeer !== null) {
    const peer = ovn.routerPorts.get(directPeer);
    if (peer === undefined)
      return ovnUnknown(
        walk,
        lr.name,
        'lr_out_delivery',
        `${outport.port.name}'s peer router port ${directPeer} is not in the snapshot`,
        packet,
      );
    return { at: 'lr_in', lr: peer.lr, inport: peer, packet };
  }
  const lsp = ovn.peerOfRouterPort.get(outport.port.name);
  if (lsp === undefined)
    return ovnUnknown(
      walk,
      lr.name,
      'lr_out_delivery',
      `router port ${outport.port.name} is connected to no logical switch in the snapshot`,
      packet,
    );
  return { at: 'ls_in', sw: lsp.sw, inport: lsp.port, packet };
}
