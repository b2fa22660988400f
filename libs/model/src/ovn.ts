/** The OVN northbound database as far as a snapshot's ovn/ files show it (SNAPSHOT-LAYOUT.md). */

/** A logical switch port. `type` is '' for a VIF (a pod, a node), 'router' for a router's peer, 'localnet' for the physical network. */
export interface OvnSwitchPort {
  name: string;
  uuid: string | null;
  type: string;
  /** `addresses` as `ovn-nbctl show` prints them: "<mac> <ip>...", "unknown", "router". */
  addresses: string[];
  /** For type router: the logical router port it patches to (`options:router-port`). */
  routerPort: string | null;
}

export interface OvnLogicalSwitch {
  name: string;
  uuid: string;
  ports: OvnSwitchPort[];
  /** Load balancer names or UUIDs the switch uses (`ls-lb-list`), when Logical_Switch was captured. */
  loadBalancers: string[];
}

export interface OvnGatewayChassis {
  /** The chassis name (the system-id; kube-ovn uses the node's chassis UUID). */
  chassis: string;
  /** Null when only `ovn-nbctl show` is known (it prints no priorities). */
  priority: number | null;
}

export interface OvnRouterPort {
  name: string;
  uuid: string | null;
  mac: string;
  /** CIDRs, e.g. "172.19.0.4/16". */
  networks: string[];
  /** Empty for a port without a gateway; in the order `show` or the table lists them. */
  gatewayChassis: OvnGatewayChassis[];
  options: Record<string, string>;
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
  options: Record<string, string>;
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
  /** Router names using it. */
  routers: string[];
  /** Switch names using it. */
  switches: string[];
}

export interface OvnStaticRoute {
  uuid: string | null;
  ipPrefix: string;
  nexthop: string;
  /** 'dst-ip' (the default when the column is empty) or 'src-ip'. */
  policy: 'dst-ip' | 'src-ip';
  outputPort: string | null;
}

export interface OvnLogicalRouter {
  name: string;
  uuid: string;
  ports: OvnRouterPort[];
  nat: OvnNat[];
  loadBalancers: string[];
  staticRoutes: OvnStaticRoute[];
  options: Record<string, string>;
}

/** An ACL row: the engine does not evaluate ACLs; their presence makes OVN traces UNKNOWN. */
export interface OvnAcl {
  uuid: string | null;
  direction: string;
  priority: number | null;
  match: string;
  action: string;
}

export interface OvnNorthbound {
  switches: OvnLogicalSwitch[];
  routers: OvnLogicalRouter[];
  loadBalancers: OvnLoadBalancer[];
  acls: OvnAcl[];
  /** The ovn/ files the model was built from. */
  files: string[];
}
