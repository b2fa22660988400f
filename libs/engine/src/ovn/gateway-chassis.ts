import type { OvnNat } from '@hookpath/model';
import type { CompiledOvn, CompiledRouter, RouterPortRef } from './compiled-ovn';

/** Where a gateway stage runs: the chassis name, the node host it is (when the snapshot binds it), and why. */
export interface ChassisChoice {
  chassis: string;
  how: string;
}

/** The node host of a chassis: topology.yaml `ovn.chassis`, else the hostname `ovn-sbctl show` prints. */
export function chassisLabel(ovn: CompiledOvn, chassis: string): string {
  const host = ovn.chassisHosts.get(chassis) ?? (ovn.nb.chassis ?? []).find((c) => c.name === chassis)?.hostname ?? null;
  return host === null || host === chassis ? chassis : `${chassis} (${host})`;
}

/**
 * The active gateway chassis of a distributed gateway port: the highest-priority Gateway_Chassis,
 * or the highest-priority member of its HA_Chassis_Group; a gateway router's options:chassis.
 */
export function activeGatewayChassis(ovn: CompiledOvn, lr: CompiledRouter, port: RouterPortRef | null): ChassisChoice | null {
  if (lr.gatewayRouterChassis !== null) return { chassis: lr.gatewayRouterChassis, how: `gateway router ${lr.name} (options:chassis)` };
  if (port === null) return null;
  const first = port.port.gatewayChassis[0];
  if (first !== undefined) {
    const how = first.priority === null ? `the first gateway chassis listed for ${port.port.name} (priorities not captured)` : `the highest-priority gateway chassis of ${port.port.name} (priority ${first.priority})`;
    return { chassis: first.chassis, how };
  }
  const groupName = port.port.haChassisGroup ?? null;
  if (groupName === null) return null;
  const group = (ovn.nb.haChassisGroups ?? []).find((g) => g.name === groupName || g.uuid === groupName);
  const member = [...(group?.chassis ?? [])].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))[0];
  if (member === undefined) return null;
  return { chassis: member.chassis, how: `the highest-priority member of HA chassis group ${group?.name ?? groupName} (priority ${member.priority ?? '?'})` };
}

/** A dnat_and_snat with external_mac and logical_port runs on the logical port's chassis (distributed). */
export const isDistributedNat = (nat: OvnNat): boolean => nat.type === 'dnat_and_snat' && nat.externalMac !== null && nat.logicalPort !== null;

export const isStatelessNat = (nat: OvnNat): boolean => nat.options.stateless === 'true';

/** The chassis a logical port is bound to: `ovn-sbctl show`, else unknown (named after the port). */
export function portChassis(ovn: CompiledOvn, port: string): string {
  return ovn.portChassis.get(port) ?? `the chassis of ${port}`;
}
