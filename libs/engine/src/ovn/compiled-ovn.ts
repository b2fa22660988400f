import type {
  OvnAcl,
  OvnLoadBalancer,
  OvnLogicalRouter,
  OvnLogicalSwitch,
  OvnNat,
  OvnNorthbound,
  OvnRouterPolicy,
  OvnRouterPort,
  OvnStaticRoute,
  OvnSwitchPort,
  OvnTable,
} from '@hookpath/model';
import type { Prefix } from '../net/ipv4';
import type { OvnOwnerIndex } from './owners';
import type { MatchSets } from './match/evaluate-match';
import type { MatchIndex } from './match/match-index';

/** A switch port with the switch it belongs to. */
export interface SwitchPortRef {
  sw: CompiledSwitch;
  port: OvnSwitchPort;
}

/** A router port with its router. */
export interface RouterPortRef {
  lr: CompiledRouter;
  port: OvnRouterPort;
  /** Its networks, parsed (address and prefix). */
  networks: { cidr: string; address: string; prefix: Prefix }[];
}

/** A VIF's `addresses` entry: one MAC with its IPv4 addresses. */
export interface VifAddress {
  mac: string;
  ips: string[];
}

/** An LB VIP ready for lookup. */
export interface CompiledVip {
  lb: OvnLoadBalancer;
  vip: string;
  ip: string;
  /** Null for a VIP without a port (all ports, the protocol's). */
  port: number | null;
  protocol: 'tcp' | 'udp' | 'sctp';
  backends: { ip: string; port: number | null; text: string }[];
}

/** VIPs by their address (several ports of one address share an entry). */
export type VipIndex = ReadonlyMap<string, readonly CompiledVip[]>;

export interface CompiledAcl {
  acl: OvnAcl;
  direction: 'from-lport' | 'to-lport';
  priority: number;
  tier: number;
  /** ACLs with options:apply-after-lb run in ls_in_acl_after_lb. */
  afterLb: boolean;
}

export interface CompiledSwitch {
  sw: OvnLogicalSwitch;
  name: string;
  ports: ReadonlyMap<string, OvnSwitchPort>;
  /** L2 lookup: a MAC -> the port that owns it (VIF addresses, router ports' MACs through their peer). */
  macs: Map<string, OvnSwitchPort>;
  /** A port -> its own MAC: the first `macs` holds for it (the source of a frame it sends into the switch). */
  portMacs: Map<OvnSwitchPort, string>;
  /** Ports with "unknown" among their addresses (localnet ports, ports of unknown MACs). */
  unknownPorts: OvnSwitchPort[];
  localnetPorts: OvnSwitchPort[];
  /** IPv4 address -> the VIF port and MAC that own it. */
  vifIps: ReadonlyMap<string, { port: OvnSwitchPort; mac: string }>;
  /** Router-type ports with their router port. */
  routerPorts: { lsp: OvnSwitchPort; peer: RouterPortRef }[];
  /** What was not captured for the ACLs, when `aclStages` is null. */
  aclsMissing: string | null;
  /** The switch's ACLs (its own and its ports' port groups') by stage, or null when the rows were not captured. */
  aclStages: Readonly<Record<AclStageName, CompiledAclStage>> | null;
  /** Whether any ACL is stateful (allow-related): then every IP packet goes through conntrack. */
  statefulAcls: boolean;
  /** The switch's load balancer VIPs, by address. */
  vips: VipIndex;
}

export interface CompiledRoute {
  route: OvnStaticRoute | null;
  /** For a connected route: the port's network. */
  connected: RouterPortRef | null;
  prefix: Prefix;
  srcIp: boolean;
  /** Route table name ('' is the main table); connected routes are in every table. */
  table: string;
  /** ovn-northd's priority: prefix length * 3 + (src-ip 0, static 1, connected 2). */
  priority: number;
  text: string;
}

export interface CompiledPolicy {
  policy: OvnRouterPolicy;
}

/** The ACLs of one ACL stage of a switch, in the order they are tried, indexed by their matches. */
export interface CompiledAclStage {
  acls: CompiledAcl[];
  index: MatchIndex;
  /** An ACL of a tier other than 0 (not modelled), if any. */
  tiered: CompiledAcl | undefined;
}

/** A switch's ACL stages: ls_in_acl, ls_in_acl_after_lb, ls_out_acl. */
export type AclStageName = 'ls_in_acl' | 'ls_in_acl_after_lb' | 'ls_out_acl';

/** The ACLs each stage runs: from-lport ones in ls_in_acl (after the load balancers with options:apply-after-lb), to-lport ones in ls_out_acl. */
export const ACL_STAGES: Readonly<Record<AclStageName, { direction: CompiledAcl['direction']; afterLb: boolean }>> = {
  ls_in_acl: { direction: 'from-lport', afterLb: false },
  ls_in_acl_after_lb: { direction: 'from-lport', afterLb: true },
  ls_out_acl: { direction: 'to-lport', afterLb: false },
};

export interface CompiledRouter {
  lr: OvnLogicalRouter;
  name: string;
  ports: ReadonlyMap<string, RouterPortRef>;
  /** A gateway router (options:chassis): every stage runs on that chassis. */
  gatewayRouterChassis: string | null;
  /** Distributed gateway ports: ports with gateway chassis or an HA chassis group. */
  gatewayPorts: RouterPortRef[];
  nat: OvnNat[];
  /** The router's load balancer VIPs, by address. */
  vips: VipIndex;
  routes: CompiledRoute[];
  policies: CompiledPolicy[];
  /** The policies indexed by their matches. */
  policyIndex: MatchIndex;
}

/** The northbound database compiled once per snapshot for tracing. */
export interface CompiledOvn {
  nb: OvnNorthbound;
  captured: ReadonlySet<OvnTable>;
  switches: ReadonlyMap<string, CompiledSwitch>;
  routers: ReadonlyMap<string, CompiledRouter>;
  switchPorts: ReadonlyMap<string, SwitchPortRef>;
  routerPorts: ReadonlyMap<string, RouterPortRef>;
  /** The router-type switch port patched to a router port, by router port name. */
  peerOfRouterPort: ReadonlyMap<string, SwitchPortRef>;
  /** The address sets (NB's and those northd derives from port groups) and port groups matches refer to. */
  sets: MatchSets;
  /** Learnt neighbours (SB MAC_Binding): `<router port>|<ip>` -> MAC. */
  macBindings: ReadonlyMap<string, string>;
  /** The chassis each logical port is bound to (ovn-sbctl show). */
  portChassis: ReadonlyMap<string, string>;
  /** The kube-ovn object behind each row (external_ids, names, k8s/ objects). */
  owners: OvnOwnerIndex;
  /** Chassis name -> node host folder (topology.yaml `ovn.chassis`). */
  chassisHosts: ReadonlyMap<string, string>;
}
