import type { OvnLoadBalancer, OvnLogicalRouter, OvnLogicalSwitch, OvnNat, OvnNorthbound, OvnRouterPort, OvnSwitchPort } from '@hookpath/model';
import { parseIpv4, parsePrefix, prefixContains } from '../net/ipv4';

export interface SwitchPortRef {
  sw: OvnLogicalSwitch;
  port: OvnSwitchPort;
}

export interface RouterPortRef {
  lr: OvnLogicalRouter;
  port: OvnRouterPort;
}

/** The northbound database indexed for walking: ports by name, router ports' switch peers. */
export interface OvnTopology {
  nb: OvnNorthbound;
  switchPorts: ReadonlyMap<string, SwitchPortRef>;
  routerPorts: ReadonlyMap<string, RouterPortRef>;
  /** The switch port (type router) patched to a router port, by router port name. */
  peerOf: ReadonlyMap<string, SwitchPortRef>;
}

export function compileOvn(nb: OvnNorthbound): OvnTopology {
  const switchPorts = new Map<string, SwitchPortRef>();
  const routerPorts = new Map<string, RouterPortRef>();
  const peerOf = new Map<string, SwitchPortRef>();
  for (const sw of nb.switches) {
    for (const port of sw.ports) {
      switchPorts.set(port.name, { sw, port });
      if (port.type === 'router' && port.routerPort !== null) peerOf.set(port.routerPort, { sw, port });
    }
  }
  for (const lr of nb.routers) for (const port of lr.ports) routerPorts.set(port.name, { lr, port });
  return { nb, switchPorts, routerPorts, peerOf };
}

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** The MAC and IPv4 addresses of a VIF's `addresses` entries ("<mac> <ip>..."). */
export function vifAddresses(port: OvnSwitchPort): { mac: string; ips: string[] }[] {
  return port.addresses.flatMap((entry) => {
    const [mac = '', ...ips] = entry.split(/\s+/).filter((t) => t !== '');
    return MAC.test(mac) ? [{ mac, ips: ips.filter((ip) => parseIpv4(ip) !== null) }] : [];
  });
}

/** The port's address in a CIDR network ("172.19.0.4/16" -> "172.19.0.4"). */
export const networkAddress = (network: string): string => network.slice(0, network.indexOf('/') < 0 ? undefined : network.indexOf('/'));

/** Does one of the router port's networks contain `ip`? Returns the network. */
export function networkContaining(port: OvnRouterPort, ip: string): string | null {
  const address = parseIpv4(ip);
  if (address === null) return null;
  for (const network of port.networks) {
    const prefix = parsePrefix(network);
    if (prefix !== null && prefixContains(prefix, address)) return network;
  }
  return null;
}

/** A gateway port (distributed gateway port): a router port with gateway chassis, or a gateway router's port. */
export function isGatewayPort(lr: OvnLogicalRouter, port: OvnRouterPort): boolean {
  return port.gatewayChassis.length > 0 || lr.options.chassis !== undefined;
}

/** The chassis that hosts a gateway port: the highest priority (or, without priorities, the first `show` lists). */
export function activeChassis(lr: OvnLogicalRouter, port: OvnRouterPort): { chassis: string; how: string } | null {
  const first = port.gatewayChassis[0];
  if (first !== undefined) {
    const how = first.priority === null ? `the first gateway chassis ovn-nbctl show lists for ${port.name} (priorities not captured)` : `the highest-priority gateway chassis of ${port.name} (priority ${first.priority})`;
    return { chassis: first.chassis, how };
  }
  const chassis = lr.options.chassis;
  return chassis === undefined ? null : { chassis, how: `gateway router ${lr.name} (options:chassis)` };
}

/** A dnat_and_snat with external_mac and logical_port runs on the logical port's chassis (oracle fact 2). */
export const isDistributed = (nat: OvnNat): boolean => nat.type === 'dnat_and_snat' && nat.externalMac !== null && nat.logicalPort !== null;

export const isStateless = (nat: OvnNat): boolean => nat.options.stateless === 'true';

export function loadBalancersOf(topo: OvnTopology, lr: OvnLogicalRouter): OvnLoadBalancer[] {
  return lr.loadBalancers.flatMap((ref) => topo.nb.loadBalancers.filter((lb) => lb.name === ref || lb.uuid === ref));
}

/** The NAT row's short name in explanations. */
export const natName = (nat: OvnNat): string => `${nat.type} ${nat.externalIp} <-> ${nat.logicalIp}${nat.uuid === null ? '' : ` (NAT ${nat.uuid.slice(0, 8)}…)`}`;
