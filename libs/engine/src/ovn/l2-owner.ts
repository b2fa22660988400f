import type { OvnSwitchPort } from '@hookpath/model';
import { parseIpv4 } from '../net/ipv4';
import type { CompiledSwitch } from './compiled-ovn';
import { isDistributedNat } from './gateway-chassis';

/** Who answers ARP for an address on a logical switch, and with which MAC. */
export interface L2Owner {
  mac: string;
  /** The logical switch port the frame goes to. */
  port: OvnSwitchPort;
  what: string;
}

/**
 * The MAC an address resolves to on a switch: a VIF's address (ls_in_arp_rsp), a router port's
 * own address, or an external address a router answers for on that switch: its NAT external IPs
 * (a distributed FIP with its external_mac) and its load balancer VIPs (lr_in_ip_input).
 */
export function l2Owner(sw: CompiledSwitch, ip: string): L2Owner | null {
  const vif = sw.vifIps.get(ip);
  if (vif !== undefined) return { mac: vif.mac, port: vif.port, what: `${ip} is ${vif.port.name}` };
  for (const { lsp, peer } of sw.routerPorts) {
    const mac = peer.port.mac.toLowerCase();
    if (peer.networks.some((n) => n.address === ip))
      return { mac, port: lsp, what: `${ip} is router port ${peer.port.name} of ${peer.lr.name}` };
    const isGateway = peer.lr.gatewayRouterChassis !== null || peer.lr.gatewayPorts.includes(peer);
    if (!isGateway) continue;
    const nat = peer.lr.nat.find((n) => n.externalIp === ip);
    if (nat !== undefined) {
      if (isDistributedNat(nat) && nat.externalMac !== null) {
        return {
          mac: nat.externalMac.toLowerCase(),
          port: lsp,
          what: `${ip} is the distributed ${nat.type} of ${peer.lr.name}, answered with its external_mac ${nat.externalMac}`,
        };
      }
      return { mac, port: lsp, what: `${ip} is the ${nat.type} external IP of ${peer.lr.name}, answered by ${peer.port.name}` };
    }
    const address = parseIpv4(ip);
    const vip = peer.lr.vips.get(ip)?.[0];
    if (vip !== undefined && address !== null && peer.networks.some((n) => (address & n.prefix.mask) >>> 0 === n.prefix.network)) {
      return { mac, port: lsp, what: `${ip} is load balancer ${vip.lb.name}'s VIP on ${peer.lr.name}, answered by ${peer.port.name}` };
    }
  }
  return null;
}

/**
 * The MAC a VIF sends a packet to: the destination's own when it is on the same switch, else
 * its gateway, the router port whose network holds the source.
 */
export function vifNextHopMac(sw: CompiledSwitch, src: string, dst: string): L2Owner | null {
  const direct = sw.vifIps.get(dst);
  if (direct !== undefined) return { mac: direct.mac, port: direct.port, what: `${dst} is on the same switch (${direct.port.name})` };
  const a = parseIpv4(src);
  const d = parseIpv4(dst);
  for (const { lsp, peer } of sw.routerPorts) {
    if (a === null) break;
    const net = peer.networks.find((n) => (a & n.prefix.mask) >>> 0 === n.prefix.network);
    if (net === undefined) continue;
    if (d !== null && (d & net.prefix.mask) >>> 0 === net.prefix.network) {
      const owner = l2Owner(sw, dst);
      if (owner !== null) return owner;
    }
    return {
      mac: peer.port.mac.toLowerCase(),
      port: lsp,
      what: `${dst} is off-link: the gateway ${net.address} is router port ${peer.port.name} of ${peer.lr.name}`,
    };
  }
  return null;
}
