import { decideAt } from '../branches/choice-point';
import { parseIpv4, prefixContains } from '../net/ipv4';
import type { Packet } from '../packet/packet';
import type { Outcome, Walk } from '../walk/walk';
import type { CompiledOvn, CompiledRoute, CompiledRouter, RouterPortRef } from '../ovn/compiled-ovn';
import { activeGatewayChassis, chassisLabel, isDistributedNat, portChassis } from '../ovn/gateway-chassis';
import type { OvnAdvance } from '../walk/ovn-hop';
import { ovnDrop, ovnStep, ovnUnknown, rowObject } from './ovn-step';
import { natText } from '../ovn/router-nat';
import { resolveNextHop } from '../ovn/resolve-next-hop';
import { routerPolicyStage } from './router-policy';
import { portReaching, type RouteDecision } from '../ovn/route-decision';

const contains = (route: CompiledRoute, ip: string): boolean => {
  const a = parseIpv4(ip);
  return a !== null && prefixContains(route.prefix, a);
};

/**
 * lr_in_ip_routing_pre and lr_in_ip_routing: the route table of the input port (reg7), then the
 * highest-priority route (prefix length * 3, connected over static over src-ip); ECMP routes
 * (same prefix, policy and table) form a group whose member the trace follows (`multipath`).
 */
/** The ECMP member to follow: a branch per member (equal weights) under the branch driver, else `multipath`. */
function ecmpMember(walk: Walk, router: string, group: readonly { text: string; route: { nexthop: string } | null }[]): number {
  const decide = walk.options.decide;
  if (decide === undefined || walk.options.multipathPinned === true) return walk.options.multipath % group.length;
  const among = group.map((r) => r.route?.nexthop ?? r.text);
  return decideAt(decide, { host: router, kind: 'ovn-ecmp', rule: group[0]?.text ?? '', among, weights: among.map(() => 1) });
}

function route(walk: Walk, lr: CompiledRouter, inport: RouterPortRef, packet: Packet): RouteDecision | Outcome {
  const table = inport.port.options.route_table ?? '';
  const candidates = lr.routes.filter((r) => (r.connected !== null || r.table === table) && contains(r, r.srcIp ? packet.src : packet.dst));
  const best = candidates[0];
  if (best === undefined) {
    return ovnDrop(
      walk,
      lr.name,
      'lr_in_ip_routing',
      'OVN_NO_ROUTE',
      packet,
      `Router ${lr.name}: no route for ${packet.dst}${table === '' ? '' : ` in route table ${table} (of ${inport.port.name})`} or connected network: dropped.`,
    );
  }
  const group =
    best.connected === null
      ? candidates.filter(
          (r) =>
            r.connected === null &&
            r.priority === best.priority &&
            r.srcIp === best.srcIp &&
            r.prefix.network === best.prefix.network &&
            r.prefix.length === best.prefix.length,
        )
      : [best];
  const pinned = walk.options.choose === undefined ? undefined : group.find((r) => r.route?.nexthop === walk.options.choose);
  const chosen = group.length > 1 ? (pinned ?? group[ecmpMember(walk, lr.name, group)] ?? best) : best;
  const object =
    chosen.route === null ? undefined : rowObject(walk, 'Logical_Router_Static_Route', chosen.route, chosen.text, { router: lr.name });
  if (chosen.route !== null && chosen.route.nexthop === 'discard') {
    return ovnDrop(
      walk,
      lr.name,
      'lr_in_ip_routing',
      'OVN_DISCARD',
      packet,
      `Router ${lr.name}: discard route ${chosen.text}: dropped.`,
      object,
    );
  }
  const nexthop = chosen.route === null ? packet.dst : chosen.route.nexthop;
  const outport =
    chosen.connected ??
    (chosen.route?.outputPort === null || chosen.route?.outputPort === undefined
      ? portReaching(lr, nexthop)
      : lr.ports.get(chosen.route.outputPort));
  if (outport === undefined) {
    return ovnDrop(
      walk,
      lr.name,
      'lr_in_ip_routing',
      'OVN_NO_ROUTE',
      packet,
      `Router ${lr.name}: route ${chosen.text} matches, but no port of ${lr.name} reaches ${nexthop}: dropped.`,
      object,
    );
  }
  const ecmp =
    group.length > 1
      ? `; ECMP group of ${group.length} (${group.map((r) => r.route?.nexthop ?? '').join(', ')}): following member ${group.indexOf(chosen) + 1}${pinned === undefined ? ', chosen per connection by hash (--choose <next hop> picks one)' : ' (chosen with --choose)'}`
      : '';
  const tableText = table === '' ? '' : ` (route table ${table} of ${inport.port.name})`;
  const after: Packet = { ...packet, ttl: packet.ttl - 1, srcMac: outport.port.mac.toLowerCase() };
  ovnStep(
    walk,
    lr.name,
    'lr_in_ip_routing',
    after,
    `Router ${lr.name}: ${packet.dst} via ${chosen.text}${tableText}${ecmp}; reg0 (next hop) = ${nexthop}, outport = "${outport.port.name}", eth.src = ${outport.port.mac.toLowerCase()}, ip.ttl--.`,
    object === undefined ? { iface: outport.port.name } : { iface: outport.port.name, object },
  );
  return { nexthop, outport, text: chosen.text };
}

/**
 * lr_in_gw_redirect: a packet for a distributed gateway port moves to the gateway chassis
 * (outport becomes the chassisredirect port cr-<port>), unless a distributed NAT of its source
 * keeps it on the pod's chassis with the NAT's external_mac.
 */
function gatewayRedirect(walk: Walk, ovn: CompiledOvn, lr: CompiledRouter, outport: RouterPortRef, packet: Packet): Packet {
  if (!lr.gatewayPorts.includes(outport)) return packet;
  const distributed = lr.nat.find((n) => isDistributedNat(n) && n.logicalIp === packet.src);
  if (distributed !== undefined) {
    const after: Packet = { ...packet, srcMac: (distributed.externalMac ?? '').toLowerCase() };
    walk.ovnChassis = chassisLabel(ovn, portChassis(ovn, distributed.logicalPort ?? ''));
    ovnStep(
      walk,
      lr.name,
      'lr_in_gw_redirect',
      after,
      `Router ${lr.name}: ${packet.src} has the distributed FIP ${distributed.externalIp} (external_mac ${distributed.externalMac ?? ''}, logical_port ${distributed.logicalPort ?? ''}): it stays on the chassis of ${distributed.logicalPort ?? ''}, eth.src = ${distributed.externalMac ?? ''}.`,
      {
        iface: outport.port.name,
        object: rowObject(walk, 'NAT', distributed, `${distributed.type} ${distributed.externalIp} <-> ${distributed.logicalIp}`, {
          router: lr.name,
        }),
      },
    );
    return after;
  }
  const gw = activeGatewayChassis(ovn, lr, outport);
  if (gw === null) return packet;
  walk.ovnChassis = chassisLabel(ovn, gw.chassis);
  ovnStep(
    walk,
    lr.name,
    'lr_in_gw_redirect',
    packet,
    `Router ${lr.name}: ${outport.port.name} is a distributed gateway port: outport = "cr-${outport.port.name}", the packet is tunnelled to the gateway chassis ${walk.ovnChassis} (${gw.how}).`,
    { iface: outport.port.name },
  );
  return packet;
}

/** Routing, policies, ARP resolution and the gateway redirect: the rest of the router's ingress pipeline. */
export function routeAndForward(walk: Walk, ovn: CompiledOvn, lr: CompiledRouter, inport: RouterPortRef, packet: Packet): OvnAdvance {
  const routed = route(walk, lr, inport, packet);
  if ('disposition' in routed) return routed;
  let after: Packet = { ...packet, ttl: packet.ttl - 1, srcMac: routed.outport.port.mac.toLowerCase() };
  const policy = routerPolicyStage(walk, lr, inport, after, routed);
  if ('disposition' in policy) return policy;
  const decision = policy;
  if (decision.outport !== routed.outport) after = { ...after, srcMac: decision.outport.port.mac.toLowerCase() };
  // lr_in_arp_resolve (priority 150): a packet for one of the router's own NAT addresses that would go
  // back out of the port it came in by (unsolicited traffic to an SNAT-only address) is dropped.
  const ownNat = lr.nat.find((n) => n.externalIp === packet.dst);
  if (decision.outport === inport && ownNat !== undefined) {
    return ovnDrop(
      walk,
      lr.name,
      'lr_in_arp_resolve',
      'OVN_ROUTER_IP',
      after,
      `Router ${lr.name}: ${packet.dst} is its own ${ownNat.type} address and the packet would leave by ${inport.port.name}, the port it came in by: dropped (nothing to un-SNAT, no DNAT for it).`,
      rowObject(walk, 'NAT', ownNat, natText(ownNat), { router: lr.name }),
    );
  }
  const mac = resolveNextHop(ovn, decision.outport, decision.nexthop);
  if (mac.kind === 'none') {
    return ovnDrop(
      walk,
      lr.name,
      'lr_in_arp_request',
      'NO_NEIGHBOR',
      after,
      `Router ${lr.name}: no MAC for next hop ${decision.nexthop} on ${decision.outport.port.name} (${mac.explanation}), and nothing beyond the switch could answer the ARP request: dropped.`,
    );
  }
  if (mac.kind === 'arp') {
    ovnStep(
      walk,
      lr.name,
      'lr_in_arp_request',
      after,
      `Router ${lr.name}: no MAC binding for next hop ${decision.nexthop} on ${decision.outport.port.name}: OVN holds the packet and sends an ARP request (arp.tpa = ${decision.nexthop}) ${mac.explanation}.`,
      { iface: decision.outport.port.name },
    );
    return ovnUnknown(
      walk,
      lr.name,
      'lr_in_arp_request',
      `the MAC of next hop ${decision.nexthop} is not in the snapshot (no SB MAC_Binding in ovn/sb-MAC_Binding.txt): OVN sends an ARP request ${mac.explanation}`,
      after,
    );
  }
  after = { ...after, dstMac: mac.mac };
  ovnStep(
    walk,
    lr.name,
    'lr_in_arp_resolve',
    after,
    `Router ${lr.name}: next hop ${decision.nexthop} is at ${mac.mac} (${mac.explanation}): eth.dst = ${mac.mac}.`,
  );
  after = gatewayRedirect(walk, ovn, lr, decision.outport, after);
  return { at: 'lr_out', lr, inport, outport: decision.outport, packet: after, nexthop: decision.nexthop };
}
