import type { CompiledOvn, RouterPortRef } from './compiled-ovn';
import { isDistributedNat } from './gateway-chassis';

export type NextHopMac =
  { kind: 'found'; mac: string; explanation: string } | { kind: 'arp'; explanation: string } | { kind: 'none'; explanation: string };

/**
 * lr_in_arp_resolve: the next hop's MAC. northd knows the addresses of the ports on the peer
 * switch (VIFs, other routers' ports and their NAT addresses); other next hops need a learnt
 * MAC_Binding, and without one OVN sends an ARP request (lr_in_arp_request).
 */
export function resolveNextHop(ovn: CompiledOvn, outport: RouterPortRef, nexthop: string): NextHopMac {
  const directPeer = outport.port.peer ?? null;
  if (directPeer !== null) {
    const peer = ovn.routerPorts.get(directPeer);
    if (peer !== undefined && peer.networks.some((n) => n.address === nexthop))
      return {
        kind: 'found',
        mac: peer.port.mac.toLowerCase(),
        explanation: `router port ${peer.port.name} of ${peer.lr.name}, the peer of ${outport.port.name}`,
      };
    return { kind: 'none', explanation: `${outport.port.name} is patched to ${directPeer}, which does not have ${nexthop}` };
  }
  const peerLsp = ovn.peerOfRouterPort.get(outport.port.name);
  const learnt = ovn.macBindings.get(`${outport.port.name}|${nexthop}`);
  if (peerLsp === undefined) {
    if (learnt !== undefined) return { kind: 'found', mac: learnt, explanation: `learnt MAC binding on ${outport.port.name}` };
    return { kind: 'none', explanation: `${outport.port.name} is connected to no switch in the snapshot` };
  }
  const sw = peerLsp.sw;
  const vif = sw.vifIps.get(nexthop);
  if (vif !== undefined) return { kind: 'found', mac: vif.mac, explanation: `the address of ${vif.port.name} on ${sw.name}` };
  for (const { peer } of sw.routerPorts) {
    if (peer !== outport && peer.networks.some((n) => n.address === nexthop))
      return {
        kind: 'found',
        mac: peer.port.mac.toLowerCase(),
        explanation: `router port ${peer.port.name} of ${peer.lr.name} on ${sw.name}`,
      };
    const nat = peer.lr.nat.find((n) => n.externalIp === nexthop);
    if (nat !== undefined && peer.lr.gatewayPorts.includes(peer)) {
      const mac = isDistributedNat(nat) ? (nat.externalMac ?? peer.port.mac) : peer.port.mac;
      return { kind: 'found', mac: mac.toLowerCase(), explanation: `the NAT address ${nexthop} of router ${peer.lr.name} on ${sw.name}` };
    }
  }
  if (learnt !== undefined) return { kind: 'found', mac: learnt, explanation: `learnt MAC binding on ${outport.port.name}` };
  const outward = sw.unknownPorts.filter((p) => p !== peerLsp.port);
  if (outward.length > 0) return { kind: 'arp', explanation: `out of ${sw.name} to ${outward.map((p) => p.name).join(', ')}` };
  return { kind: 'none', explanation: `no port of ${sw.name} has ${nexthop} and the switch has no localnet or unknown-address port` };
}
