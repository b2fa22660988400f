import type { OvnNorthbound } from '@hookpath/model';
import type { StructuralChange } from './change';
import { diffAcls } from './ovn-diff/acls';
import { diffAddressSets } from './ovn-diff/address-sets';
import { captureChanges, wholeCapture } from './ovn-diff/capture';
import { DHCP_OPTIONS } from './ovn-diff/dhcp-options';
import { HA_CHASSIS_GROUPS } from './ovn-diff/ha-chassis-groups';
import { diffLoadBalancers } from './ovn-diff/load-balancers';
import { diffPortGroups } from './ovn-diff/port-groups';
import { diffRouters } from './ovn-diff/routers';
import { diffRows, type OvnSides } from './ovn-diff/rows';
import { diffSouthbound } from './ovn-diff/southbound';
import { STATIC_MAC_BINDINGS } from './ovn-diff/static-mac-bindings';
import { diffSwitches } from './ovn-diff/switches';

/**
 * The OVN databases, every table of the model: first the tables held in full on one side only
 * (one change each; their rows are not compared), then switches (ports, ACLs by attachment come
 * later), routers (ports, NAT, static routes, policies), load balancers (VIPs) and their groups,
 * ACLs per switch and port group, port groups, address sets, HA chassis groups, static MAC
 * bindings, DHCP options, and the southbound chassis, port bindings and MAC bindings.
 *
 * Rows are keyed by what identifies them to a user (names, or what they match), never by UUID;
 * every change has `place.ovn` (`logical_router/<name>/nat/<key>`, ...), `place.key`, and the
 * row's UUID on each side in `place.ovnUuid`, which the behavioural diff matches trace steps by.
 * `external_ids` are not compared: they record who wrote a row, not what it does.
 */
export function diffOvn(base: OvnNorthbound | null | undefined, target: OvnNorthbound | null | undefined): StructuralChange[] {
  const b = base ?? null;
  const t = target ?? null;
  if (b === null || t === null) return wholeCapture(b, t);
  const sides: OvnSides = { base: b, target: t };
  return [
    ...captureChanges(b, t),
    ...diffSwitches(sides),
    ...diffRouters(sides),
    ...diffLoadBalancers(sides),
    ...diffAcls(sides),
    ...diffPortGroups(sides),
    ...diffAddressSets(sides),
    ...diffRows(sides, HA_CHASSIS_GROUPS, 'ha_chassis_group', b.haChassisGroups ?? [], t.haChassisGroups ?? []),
    ...diffRows(sides, STATIC_MAC_BINDINGS, 'static_mac_binding', b.staticMacBindings ?? [], t.staticMacBindings ?? []),
    ...diffRows(sides, DHCP_OPTIONS, 'dhcp_options', b.dhcpOptions ?? [], t.dhcpOptions ?? []),
    ...diffSouthbound(sides),
  ];
}
