/**
 * The OVN northbound database as far as a snapshot's ovn/ files show it (SNAPSHOT-LAYOUT.md), plus
 * what `ovn-sbctl show` says about chassis. One shape whatever the source (`ovn-nbctl show`,
 * `ovn-nbctl list <Table>`, `ovsdb-client -f json dump`); `captured` says which tables the sources
 * really held, because a table that was not captured is unknown, not empty.
 */

import type { OvnMatchExpr } from './ovn-match';

/** OVSDB string maps (`options`, `external_ids`, `other_config`). */
export type OvsdbMap = Record<string, string>;

/** A logical switch port. `type` is '' for a VIF (a pod, a node), 'router' for a router's peer, 'localnet' for the physical network. */
export interface OvnSwitchPort {
  name: string;
  uuid: string | null;
  type: string;
  /** `addresses` as the table holds them: "<mac> <ip>...", "unknown", "router", "dynamic". */
  addresses: string[];
  /** For type router: the logical router port it patches to (`options:router-port`). */
  routerPort: string | null;
  /** `port_security`: "<mac> <ip>..." entries; empty when none is set (or not captured). */
  portSecurity?: string[];
  /** `dynamic_addresses`, when set. */
  dynamicAddresses?: string | null;
  options?: OvsdbMap;
  externalIds?: OvsdbMap;
  /** `parent_name` and `tag` of a container port nested in a VIF. */
  parentName?: string | null;
  tag?: number | null;
  /** `enabled`: false disables the port; null when unset (enabled). */
  enabled?: boolean | null;
  /** `dhcpv4_options` / `dhcpv6_options`: the DHCP_Options row's UUID, when set. */
  dhcpv4Options?: string | null;
  dhcpv6Options?: string | null;
}

export interface OvnLogicalSwitch {
  name: string;
  uuid: string;
  ports: OvnSwitchPort[];
  /** Load balancer names or UUIDs the switch uses (`ls-lb-list`), when Logical_Switch was captured. */
  loadBalancers: string[];
  /** Load_Balancer_Group names or UUIDs (their load balancers apply too). */
  loadBalancerGroups?: string[];
  /** ACL UUIDs in the switch's `acls` column. */
  acls?: string[];
  otherConfig?: OvsdbMap;
  externalIds?: OvsdbMap;
}

export interface OvnGatewayChassis {
  /** The chassis name (the system-id; kube-ovn uses the node's chassis UUID). */
  chassis: string;
  /** Null when only `ovn-nbctl show` is known (it prints no priorities). */
  priority: number | null;
}

/** An HA_Chassis_Group: the gateway chassis of a router port by priority (highest active). */
export interface OvnHaChassisGroup {
  uuid: string | null;
  name: string;
  chassis: OvnGatewayChassis[];
  externalIds?: OvsdbMap;
}

export interface OvnRouterPort {
  name: string;
  uuid: string | null;
  mac: string;
  /** CIDRs, e.g. "172.19.0.4/16". */
  networks: string[];
  /** Empty for a port without a gateway; highest priority first. */
  gatewayChassis: OvnGatewayChassis[];
  /** `ha_chassis_group`: the group's name (or UUID when the group table was not captured). */
  haChassisGroup?: string | null;
  /** `peer`: the router port this one is patched to directly (router-to-router). */
  peer?: string | null;
  options: OvsdbMap;
  externalIds?: OvsdbMap;
  enabled?: boolean | null;
}

export type OvnNatType = 'snat' | 'dnat' | 'dnat_and_snat';

export interface OvnNat {
  uuid: string | null;
  type: OvnNatType;
  externalIp: string;
  /** An address or a CIDR (snat for a whole subnet). */
  logicalIp: string;
  externalMac: string | null;
  logicalPort: string | null;
  options: OvsdbMap;
  /** `gateway_port`: the distributed gateway port the row applies to (routers with several). */
  gatewayPort?: string | null;
  /** `allowed_ext_ips` / `exempted_ext_ips`: an Address_Set name or UUID. */
  allowedExtIps?: string | null;
  exemptedExtIps?: string | null;
  /** `external_port_range`, e.g. "10000-20000". */
  externalPortRange?: string | null;
  externalIds?: OvsdbMap;
}

export interface OvnLbVip {
  /** "ip:port" or "ip", as in the `vips` column. */
  vip: string;
  /** "ip:port" each. */
  backends: string[];
}

export interface OvnLoadBalancer {
  uuid: string | null;
  name: string;
  protocol: string | null;
  vips: OvnLbVip[];
  /** Router names using it (directly or through a group). */
  routers: string[];
  /** Switch names using it (directly or through a group). */
  switches: string[];
  /** `options`: skip_snat, hairpin_snat_ip, reject, neighbor_responder, ... */
  options?: OvsdbMap;
  /** `selection_fields`: ip_src, ip_dst, tp_src, tp_dst, ... (empty: OVS's default hash). */
  selectionFields?: string[];
  /** Load_Balancer_Health_Check rows' vips with their options (presence means backends may be pruned by health). */
  healthChecks?: { vip: string; options: OvsdbMap }[];
  externalIds?: OvsdbMap;
}

export interface OvnLoadBalancerGroup {
  uuid: string | null;
  name: string;
  /** Load balancer names (or UUIDs). */
  loadBalancers: string[];
}

export interface OvnStaticRoute {
  uuid: string | null;
  ipPrefix: string;
  /** An address, or "discard". */
  nexthop: string;
  /** 'dst-ip' (the default when the column is empty) or 'src-ip'. */
  policy: 'dst-ip' | 'src-ip';
  outputPort: string | null;
  /** `route_table`: '' is the main (global) table. */
  routeTable?: string;
  /** `options` (ecmp_symmetric_reply, origin, ...). */
  options?: OvsdbMap;
  /** `bfd`: the BFD row's UUID when set. */
  bfd?: string | null;
  externalIds?: OvsdbMap;
}

export type OvnPolicyAction = 'allow' | 'drop' | 'reroute';

export interface OvnRouterPolicy {
  uuid: string | null;
  priority: number;
  /** The OVN match expression, as written. */
  match: string;
  /** `match` parsed; null when it could not be (the snapshot's parse errors say where). */
  matchExpr?: OvnMatchExpr | null;
  action: OvnPolicyAction;
  /** `nexthop` (older) and `nexthops`, merged; reroute targets. */
  nexthops: string[];
  options?: OvsdbMap;
  externalIds?: OvsdbMap;
}

export interface OvnLogicalRouter {
  name: string;
  uuid: string;
  ports: OvnRouterPort[];
  nat: OvnNat[];
  loadBalancers: string[];
  loadBalancerGroups?: string[];
  staticRoutes: OvnStaticRoute[];
  /** Logical_Router_Policy rows, highest priority first. */
  policies?: OvnRouterPolicy[];
  options: OvsdbMap;
  externalIds?: OvsdbMap;
  enabled?: boolean | null;
}

/** What an ACL is attached to: a switch's `acls` or a port group's `acls`. */
export interface OvnAclAttachment {
  kind: 'switch' | 'port_group';
  name: string;
}

export interface OvnAcl {
  uuid: string | null;
  /** 'from-lport' or 'to-lport'. */
  direction: string;
  priority: number | null;
  match: string;
  /** `match` parsed; null when it could not be (the snapshot's parse errors say where). */
  matchExpr?: OvnMatchExpr | null;
  /** allow, allow-related, allow-stateless, drop, reject, pass. */
  action: string;
  name?: string | null;
  /** `tier` (0-3; OVN >= 23.09); 0 when unset. */
  tier?: number;
  /** `label` (a 32-bit value stamped on the connection). */
  label?: number;
  log?: boolean;
  severity?: string | null;
  options?: OvsdbMap;
  externalIds?: OvsdbMap;
  /** Where the ACL applies; empty when the attaching rows were not captured. */
  appliesTo?: OvnAclAttachment[];
}

export interface OvnPortGroup {
  uuid: string | null;
  name: string;
  /** Logical switch port names. */
  ports: string[];
  /** ACL UUIDs. */
  acls: string[];
  externalIds?: OvsdbMap;
}

export interface OvnAddressSet {
  uuid: string | null;
  name: string;
  /** Addresses and CIDRs as written. */
  addresses: string[];
  externalIds?: OvsdbMap;
}

export interface OvnStaticMacBinding {
  uuid: string | null;
  logicalPort: string;
  ip: string;
  mac: string;
  overrideDynamicMac?: boolean;
}

/** A DHCP_Options row: what OVN's DHCP responder answers a port that references it. */
export interface OvnDhcpOptions {
  uuid: string | null;
  cidr: string;
  /** lease_time, router, server_id, server_mac, dns_server, ... */
  options: OvsdbMap;
  externalIds?: OvsdbMap;
}

/** A neighbour OVN learnt (SB MAC_Binding, `ovn-sbctl list MAC_Binding`). */
export interface OvnMacBinding {
  logicalPort: string;
  ip: string;
  mac: string;
}

/** A chassis as `ovn-sbctl show` prints it. */
export interface OvnChassis {
  name: string;
  hostname: string | null;
  /** Encapsulations: "geneve 172.18.0.2". */
  encaps: string[];
  /** Logical ports bound to it (`Port_Binding` lines). */
  ports: string[];
}

/** The NB tables the model knows, in the order `captured` lists them. */
export const OVN_TABLES = [
  'Logical_Switch',
  'Logical_Switch_Port',
  'Logical_Router',
  'Logical_Router_Port',
  'Gateway_Chassis',
  'HA_Chassis_Group',
  'NAT',
  'Load_Balancer',
  'Load_Balancer_Group',
  'Logical_Router_Static_Route',
  'Logical_Router_Policy',
  'ACL',
  'Port_Group',
  'Address_Set',
  'Static_MAC_Binding',
  'DHCP_Options',
] as const;

/** One NB table of the model; `captured` lists those the snapshot's sources held. */
export type OvnTable = (typeof OVN_TABLES)[number];

export interface OvnNorthbound {
  switches: OvnLogicalSwitch[];
  routers: OvnLogicalRouter[];
  loadBalancers: OvnLoadBalancer[];
  acls: OvnAcl[];
  loadBalancerGroups?: OvnLoadBalancerGroup[];
  haChassisGroups?: OvnHaChassisGroup[];
  portGroups?: OvnPortGroup[];
  addressSets?: OvnAddressSet[];
  staticMacBindings?: OvnStaticMacBinding[];
  dhcpOptions?: OvnDhcpOptions[];
  /** SB MAC_Binding rows (`ovn/sb-MAC_Binding.txt`), when captured; null otherwise. */
  macBindings?: OvnMacBinding[] | null;
  /** From `ovn-sbctl show`, when captured; null otherwise. */
  chassis?: OvnChassis[] | null;
  /**
   * The NB tables whose rows the sources hold in full. `ovn-nbctl show` alone captures switches,
   * ports, routers, router ports and NAT partially: those tables are not listed.
   */
  captured?: OvnTable[];
  /** The ovn/ files the model was built from. */
  files: string[];
}
