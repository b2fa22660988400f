import { boundChassis, chassisHosts, gatewayChassisOf, ovnOwners, type OvnOwnerIndex } from '@hookpath/engine';
import type { OvnLogicalRouter, OvnLogicalSwitch, OvnNorthbound, OvnSwitchPort, OvnTable, OvsdbMap, SnapshotModel } from '@hookpath/model';
import { OvnPlacementValue, type OvnOwnerType, type OvsdbEntryType } from '../types/ovn-common.type';
import type { OvnLogicalRouterType, OvnNatType } from '../types/ovn-router.type';
import type { OvnLogicalSwitchType, OvnSwitchPortType } from '../types/ovn-switch.type';
import type { OvnAclType, OvnAddressSetType, OvnLoadBalancerType, OvnPortGroupType, OvnTopologyType } from '../types/ovn-tables.type';

/** What OvnLogicalSwitchResolver receives: the type's fields plus every port (cut by `first` there). */
export interface OvnSwitchSource extends OvnLogicalSwitchType {
  ports: OvnSwitchPortType[];
}

/** What OvnLogicalRouterResolver receives: the type's fields plus every NAT row. */
export interface OvnRouterSource extends OvnLogicalRouterType {
  nat: OvnNatType[];
}

/** What OvnTopologyResolver receives: the type's fields plus every list it cuts by `first` (null: not captured). */
export interface OvnTopologySource extends OvnTopologyType {
  switches: OvnSwitchSource[];
  routers: OvnRouterSource[];
  loadBalancers: OvnLoadBalancerType[] | null;
  acls: OvnAclType[] | null;
  portGroups: OvnPortGroupType[] | null;
  addressSets: OvnAddressSetType[] | null;
}

export function entries(map: OvsdbMap | undefined): OvsdbEntryType[] | null {
  return map === undefined ? null : Object.entries(map).map(([key, value]) => ({ key, value }));
}

/** topology.yaml's `ovn.ports` bindings, when the model has them (read structurally: older models have none). */
interface PortBinding {
  port: string;
  endpoint: { host: string; iface: string };
  source?: string;
}

function portBindings(model: SnapshotModel): Map<string, PortBinding> {
  const ovn = (model.topology as { ovn?: { ports?: PortBinding[] } }).ovn;
  return new Map((ovn?.ports ?? []).map((b) => [b.port, b]));
}

/** A table's rows, or null when the snapshot did not capture that table (and holds none of its rows). */
function captured<T>(nb: OvnNorthbound, table: OvnTable, rows: readonly T[] | undefined): T[] | null {
  if (rows !== undefined && rows.length > 0) return [...rows];
  return nb.captured?.includes(table) === true ? [] : null;
}

class OvnViewBuilder {
  private readonly owners: OvnOwnerIndex;
  private readonly hostOf: (chassis: string) => string | null;
  private readonly bindings: Map<string, PortBinding>;

  constructor(
    model: SnapshotModel,
    private readonly nb: OvnNorthbound,
  ) {
    this.owners = ovnOwners(model);
    this.hostOf = chassisHosts(model);
    this.bindings = portBindings(model);
  }

  private owner(
    table: OvnTable,
    row: Parameters<OvnOwnerIndex['owner']>[1],
    context?: Parameters<OvnOwnerIndex['owner']>[2],
  ): OvnOwnerType | null {
    return this.owners.owner(table, row, context);
  }

  build(): OvnTopologySource {
    const nb = this.nb;
    return {
      files: nb.files,
      capturedTables: nb.captured ?? null,
      switchCount: nb.switches.length,
      routerCount: nb.routers.length,
      chassis:
        nb.chassis === null || nb.chassis === undefined
          ? null
          : nb.chassis.map((c) => ({ name: c.name, hostname: c.hostname, host: this.hostOf(c.name), encaps: c.encaps, ports: c.ports })),
      switches: nb.switches.map((sw) => this.logicalSwitch(sw)),
      routers: nb.routers.map((router) => this.router(router)),
      loadBalancers:
        captured(nb, 'Load_Balancer', nb.loadBalancers)?.map((lb) => ({
          uuid: lb.uuid,
          name: lb.name,
          protocol: lb.protocol,
          vips: lb.vips.map((v) => ({ vip: v.vip, backends: v.backends, owner: this.owners.vipOwner(lb, v.vip) })),
          routers: lb.routers,
          switches: lb.switches,
          options: entries(lb.options),
          owner: this.owner('Load_Balancer', lb),
        })) ?? null,
      acls:
        captured(nb, 'ACL', nb.acls)?.map((acl) => ({
          uuid: acl.uuid,
          direction: acl.direction,
          priority: acl.priority,
          match: acl.match,
          action: acl.action,
          name: acl.name ?? null,
          tier: acl.tier ?? null,
          appliesTo: acl.appliesTo === undefined ? null : acl.appliesTo.map((a) => ({ kind: a.kind, name: a.name })),
          owner: this.owner('ACL', acl),
        })) ?? null,
      portGroups:
        captured(nb, 'Port_Group', nb.portGroups)?.map((pg) => ({
          uuid: pg.uuid,
          name: pg.name,
          ports: pg.ports,
          acls: pg.acls,
          owner: this.owner('Port_Group', pg),
        })) ?? null,
      addressSets:
        captured(nb, 'Address_Set', nb.addressSets)?.map((as) => ({
          uuid: as.uuid,
          name: as.name,
          addresses: as.addresses,
          owner: this.owner('Address_Set', as),
        })) ?? null,
    };
  }

  private logicalSwitch(sw: OvnLogicalSwitch): OvnSwitchSource {
    return {
      name: sw.name,
      uuid: sw.uuid,
      portCount: sw.ports.length,
      ports: sw.ports.map((port) => this.switchPort(sw, port)),
      loadBalancers: sw.loadBalancers,
      loadBalancerGroups: sw.loadBalancerGroups ?? null,
      acls: sw.acls ?? null,
      otherConfig: entries(sw.otherConfig),
      externalIds: entries(sw.externalIds),
      owner: this.owner('Logical_Switch', sw),
    };
  }

  private switchPort(sw: OvnLogicalSwitch, port: OvnSwitchPort): OvnSwitchPortType {
    const binding = this.bindings.get(port.name);
    return {
      name: port.name,
      uuid: port.uuid,
      type: port.type,
      addresses: port.addresses,
      routerPort: port.routerPort,
      localnet: port.type === 'localnet',
      networkName: port.options?.['network_name'] ?? null,
      portSecurity: port.portSecurity ?? null,
      parentName: port.parentName ?? null,
      tag: port.tag ?? null,
      enabled: port.enabled ?? null,
      boundInterface: binding === undefined ? null : { host: binding.endpoint.host, iface: binding.endpoint.iface },
      boundBy: binding === undefined ? null : (binding.source ?? 'topology'),
      chassis: boundChassis(this.nb, port.name),
      options: entries(port.options),
      externalIds: entries(port.externalIds),
      owner: this.owner('Logical_Switch_Port', port, { switch: sw.name }),
    };
  }

  private router(router: OvnLogicalRouter): OvnRouterSource {
    const gateway = gatewayChassisOf(this.nb, router);
    return {
      name: router.name,
      uuid: router.uuid,
      ports: router.ports.map((port) => {
        const group =
          port.haChassisGroup === null || port.haChassisGroup === undefined
            ? undefined
            : this.nb.haChassisGroups?.find((g) => g.name === port.haChassisGroup || g.uuid === port.haChassisGroup);
        const chassis = port.gatewayChassis.length > 0 ? port.gatewayChassis : (group?.chassis ?? []);
        return {
          name: port.name,
          uuid: port.uuid,
          mac: port.mac,
          networks: port.networks,
          gatewayChassis: [...chassis]
            .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))
            .map((c) => ({ chassis: c.chassis, priority: c.priority, host: this.hostOf(c.chassis) })),
          haChassisGroup: port.haChassisGroup ?? null,
          peer: port.peer ?? null,
          options: entries(port.options) ?? [],
          externalIds: entries(port.externalIds),
          owner: this.owner('Logical_Router_Port', port, { router: router.name }),
        };
      }),
      natCount: router.nat.length,
      nat: router.nat.map((nat) => {
        const distributed = nat.type === 'dnat_and_snat' && nat.externalMac !== null && nat.logicalPort !== null;
        const chassis = distributed
          ? boundChassis(this.nb, nat.logicalPort ?? '')
          : nat.gatewayPort
            ? gatewayChassisOf(this.nb, router, nat.gatewayPort)
            : gateway;
        return {
          uuid: nat.uuid,
          type: nat.type,
          externalIp: nat.externalIp,
          logicalIp: nat.logicalIp,
          externalMac: nat.externalMac,
          logicalPort: nat.logicalPort,
          externalPortRange: nat.externalPortRange === undefined || nat.externalPortRange === '' ? null : nat.externalPortRange,
          gatewayPort: nat.gatewayPort ?? null,
          stateless: nat.options['stateless'] === 'true',
          placement: distributed ? OvnPlacementValue.DISTRIBUTED : OvnPlacementValue.CENTRALIZED,
          chassis: distributed ? `the chassis of ${nat.logicalPort ?? ''}` : chassis,
          chassisHost: chassis === null ? null : this.hostOf(chassis),
          owner: this.owner('NAT', nat, { router: router.name }),
        };
      }),
      staticRoutes: router.staticRoutes.map((route) => ({
        uuid: route.uuid,
        ipPrefix: route.ipPrefix,
        nexthop: route.nexthop,
        policy: route.policy,
        outputPort: route.outputPort,
        routeTable: route.routeTable ?? null,
        owner: this.owner('Logical_Router_Static_Route', route, { router: router.name }),
      })),
      policies:
        router.policies === undefined && this.nb.captured?.includes('Logical_Router_Policy') !== true
          ? null
          : (router.policies ?? []).map((policy) => ({
              uuid: policy.uuid,
              priority: policy.priority,
              match: policy.match,
              action: policy.action,
              nexthops: policy.nexthops,
              owner: this.owner('Logical_Router_Policy', policy, { router: router.name }),
            })),
      loadBalancers: router.loadBalancers,
      loadBalancerGroups: router.loadBalancerGroups ?? null,
      options: entries(router.options) ?? [],
      externalIds: entries(router.externalIds),
      owner: this.owner('Logical_Router', router),
    };
  }
}

/** The GraphQL view of a snapshot's OVN logical topology; null when it has no ovn/. */
export function ovnView(model: SnapshotModel): OvnTopologySource | null {
  const nb = model.ovn;
  if (nb === null || nb === undefined) return null;
  return new OvnViewBuilder(model, nb).build();
}
