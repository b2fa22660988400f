import type { OvnGatewayChassis, OvnLogicalRouter, OvnNat, OvnNorthbound, OvnRouterPort } from '@hookpath/model';
import type { CompiledOvn, CompiledRouter, RouterPortRef } from './compiled-ovn';

/** Where a gateway stage runs: the chassis name, the node host it is (when the snapshot binds it), and why. */
export interface ChassisChoice {
  chassis: string;
  how: string;
}

/** The node host of a chassis: topology.yaml `ovn.chassis` (`bindings`), else the hostname `ovn-sbctl show` prints. */
export function chassisHost(nb: OvnNorthbound, bindings: ReadonlyMap<string, string>, chassis: string): string | null {
  return bindings.get(chassis) ?? (nb.chassis ?? []).find((c) => c.name === chassis)?.hostname ?? null;
}

/** A chassis as explanations name it: with its node host when the snapshot says. */
export function chassisLabel(ovn: CompiledOvn, chassis: string): string {
  const host = chassisHost(ovn.nb, ovn.chassisHosts, chassis);
  return host === null || host === chassis ? chassis : `${chassis} (${host})`;
}

/** Highest priority first; a list without priorities keeps its order. */
const byPriority = (chassis: readonly OvnGatewayChassis[]): OvnGatewayChassis[] =>
  [...chassis].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));

/**
 * The chassis that runs a router's gateway stages: a gateway router's options:chassis; else, for
 * its gateway port, the highest-priority Gateway_Chassis, or the highest-priority member of its
 * HA_Chassis_Group.
 */
export function gatewayChassis(nb: OvnNorthbound, lr: OvnLogicalRouter, port: OvnRouterPort | null): ChassisChoice | null {
  const pinned = lr.options.chassis;
  if (pinned !== undefined) return { chassis: pinned, how: `gateway router ${lr.name} (options:chassis)` };
  if (port === null) return null;
  const first = byPriority(port.gatewayChassis)[0];
  if (first !== undefined) {
    const how =
      first.priority === null
        ? `the first gateway chassis listed for ${port.name} (priorities not captured)`
        : `the highest-priority gateway chassis of ${port.name} (priority ${first.priority})`;
    return { chassis: first.chassis, how };
  }
  const groupName = port.haChassisGroup ?? null;
  if (groupName === null) return null;
  const group = (nb.haChassisGroups ?? []).find((g) => g.name === groupName || g.uuid === groupName);
  const member = byPriority(group?.chassis ?? [])[0];
  if (member === undefined) return null;
  return {
    chassis: member.chassis,
    how: `the highest-priority member of HA chassis group ${group?.name ?? groupName} (priority ${member.priority ?? '?'})`,
  };
}

/** gatewayChassis on a compiled router and port. */
export const activeGatewayChassis = (ovn: CompiledOvn, lr: CompiledRouter, port: RouterPortRef | null): ChassisChoice | null =>
  gatewayChassis(ovn.nb, lr.lr, port?.port ?? null);

/** A dnat_and_snat with external_mac and logical_port runs on the logical port's chassis (distributed). */
export const isDistributedNat = (nat: OvnNat): boolean =>
  nat.type === 'dnat_and_snat' && nat.externalMac !== null && nat.logicalPort !== null;

export const isStatelessNat = (nat: OvnNat): boolean => nat.options.stateless === 'true';

/** The chassis `ovn-sbctl show` binds a logical port to, if captured. */
export function boundChassis(nb: OvnNorthbound, port: string): string | null {
  return nb.chassis?.find((c) => c.ports.includes(port))?.name ?? null;
}

/** The chassis a logical port is bound to: `ovn-sbctl show`, else unknown (named after the port). */
export function portChassis(ovn: CompiledOvn, port: string): string {
  return ovn.portChassis.get(port) ?? `the chassis of ${port}`;
}
