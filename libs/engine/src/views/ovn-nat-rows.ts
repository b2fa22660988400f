import type { OvnLoadBalancer, OvnLogicalRouter, OvnNat, OvnNorthbound, SnapshotModel } from '@hookpath/model';
import { datapathLoadBalancers } from '../ovn/compile-ovn';
import { vipParts } from '../ovn/lb-vip';
import { boundChassis, chassisHost, gatewayChassis, isDistributedNat } from '../ovn/gateway-chassis';
import { ovnOwners, type OvnOwnerIndex } from '../ovn/owners';

/** One address translation of the OVN logical topology: a NAT row of a router, or one VIP of a load balancer. */
export interface OvnNatEntry {
  datapathKind: 'router' | 'switch';
  /** The logical router or switch it applies on. */
  datapath: string;
  /** The NAT row's type, or 'lb' for a load balancer VIP. */
  type: 'snat' | 'dnat' | 'dnat_and_snat' | 'lb';
  /** NAT: external_ip. LB: the VIP's address. */
  external: string;
  /** NAT: external_port_range (null when unset). LB: the VIP's port (null for an address-only VIP). */
  externalPorts: string | null;
  /** NAT: [logical_ip] (an address or a CIDR). LB: the backends ("ip:port" each). */
  logical: string[];
  /** LB: its protocol (tcp, udp, sctp); NAT: null. */
  protocol: string | null;
  externalMac: string | null;
  logicalPort: string | null;
  /**
   * Where it runs: a dnat_and_snat with external_mac and logical_port runs on the chassis of that
   * port (distributed), and so does a switch's load balancer (on the chassis of the sending port);
   * the rest runs on the router's gateway chassis (centralized).
   */
  placement: 'distributed' | 'centralized';
  /** The highest-priority gateway chassis, "the chassis of <logical_port>", or null when the snapshot does not say. */
  chassis: string | null;
  /** The node host of that chassis, when topology.yaml or `ovn-sbctl show` maps it. */
  chassisHost: string | null;
  /** The NAT or Load_Balancer row's UUID. */
  uuid: string | null;
  /** LB: its name; NAT: null. */
  loadBalancer: string | null;
  /** The kube-ovn object (or Service) behind it, with how it was found (see ovnOwners). */
  owner: string | null;
}

/** Chassis name (or system-id) -> node host: topology.yaml first, else `ovn-sbctl show`'s hostname. */
export function chassisHosts(model: SnapshotModel): (chassis: string) => string | null {
  const bindings = new Map(Object.entries(model.topology.ovn?.chassis ?? {}));
  const nb = model.ovn;
  return (chassis) => (nb === null || nb === undefined ? (bindings.get(chassis) ?? null) : chassisHost(nb, bindings, chassis));
}

/**
 * The chassis that runs a router's centralized NAT and load balancing (gatewayChassis): of its
 * gateway port — `gateway_port` when the row names one — or the gateway router's `options:chassis`.
 */
export function gatewayChassisOf(nb: OvnNorthbound, router: OvnLogicalRouter, gatewayPort: string | null = null): string | null {
  const ports = router.ports.filter((p) => gatewayPort === null || p.name === gatewayPort || p.uuid === gatewayPort);
  for (const port of ports) {
    const choice = gatewayChassis(nb, router, port);
    if (choice !== null) return choice.chassis;
  }
  return gatewayChassis(nb, router, null)?.chassis ?? null;
}

function natEntry(
  nb: OvnNorthbound,
  router: OvnLogicalRouter,
  nat: OvnNat,
  owners: OvnOwnerIndex,
  hostOf: (c: string) => string | null,
): OvnNatEntry {
  const distributed = isDistributedNat(nat);
  const bound = distributed && nat.logicalPort !== null ? boundChassis(nb, nat.logicalPort) : null;
  const gateway = distributed ? null : gatewayChassisOf(nb, router, nat.gatewayPort ?? null);
  const chassisName = distributed ? bound : gateway;
  return {
    datapathKind: 'router',
    datapath: router.name,
    type: nat.type,
    external: nat.externalIp,
    externalPorts:
      nat.externalPortRange === undefined || nat.externalPortRange === null || nat.externalPortRange === '' ? null : nat.externalPortRange,
    logical: [nat.logicalIp],
    protocol: null,
    externalMac: nat.externalMac,
    logicalPort: nat.logicalPort,
    placement: distributed ? 'distributed' : 'centralized',
    chassis: distributed ? `the chassis of ${nat.logicalPort ?? ''}` : gateway,
    chassisHost: chassisName === null ? null : hostOf(chassisName),
    uuid: nat.uuid,
    loadBalancer: null,
    owner: owners.ownerOf('NAT', nat, { router: router.name }),
  };
}

function vipEntries(
  lb: OvnLoadBalancer,
  datapath: { kind: 'router'; router: OvnLogicalRouter } | { kind: 'switch'; name: string },
  nb: OvnNorthbound,
  owners: OvnOwnerIndex,
  hostOf: (c: string) => string | null,
): OvnNatEntry[] {
  const gateway = datapath.kind === 'router' ? gatewayChassisOf(nb, datapath.router) : null;
  return lb.vips.map((vip) => {
    const { address, port } = vipParts(vip.vip);
    return {
      datapathKind: datapath.kind,
      datapath: datapath.kind === 'router' ? datapath.router.name : datapath.name,
      type: 'lb',
      external: address,
      externalPorts: port,
      logical: vip.backends,
      protocol: lb.protocol,
      externalMac: null,
      logicalPort: null,
      placement: datapath.kind === 'router' ? 'centralized' : 'distributed',
      chassis: datapath.kind === 'router' ? gateway : 'the chassis of the sending port',
      chassisHost: gateway === null ? null : hostOf(gateway),
      uuid: lb.uuid,
      loadBalancer: lb.name,
      owner: owners.vipOwner(lb, vip.vip)?.text ?? null,
    };
  });
}

/** Every OVN address translation: per router its NAT rows then its load balancers' VIPs, then per switch its VIPs. */
export function ovnNatRows(model: SnapshotModel, owners: OvnOwnerIndex = ovnOwners(model)): OvnNatEntry[] {
  const nb = model.ovn;
  if (nb === null || nb === undefined) return [];
  const hostOf = chassisHosts(model);
  const rows: OvnNatEntry[] = [];
  for (const router of nb.routers) {
    for (const nat of router.nat) rows.push(natEntry(nb, router, nat, owners, hostOf));
    for (const lb of datapathLoadBalancers(nb, 'router', router.name, router.loadBalancers, router.loadBalancerGroups)) {
      rows.push(...vipEntries(lb, { kind: 'router', router }, nb, owners, hostOf));
    }
  }
  for (const sw of nb.switches) {
    for (const lb of datapathLoadBalancers(nb, 'switch', sw.name, sw.loadBalancers, sw.loadBalancerGroups)) {
      rows.push(...vipEntries(lb, { kind: 'switch', name: sw.name }, nb, owners, hostOf));
    }
  }
  return rows;
}
