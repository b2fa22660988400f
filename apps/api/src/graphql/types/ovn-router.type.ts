import { Field, Int, ObjectType } from '@nestjs/graphql';
import { OvnOwnerType, OvnPlacementValue, OvsdbEntryType } from './ovn-common.type';

@ObjectType('OvnGatewayChassis', { description: 'A gateway chassis of a router port.' })
export class OvnGatewayChassisType {
  @Field({ description: 'The chassis name (system-id).' })
  chassis!: string;

  @Field(() => Int, { nullable: true, description: 'Null when only `ovn-nbctl show` was captured (it prints no priorities).' })
  priority!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The node host of the chassis (topology.yaml `ovn.chassis`, else `ovn-sbctl show`), when known.',
  })
  host!: string | null;
}

@ObjectType('OvnRouterPort', { description: 'A logical router port.' })
export class OvnRouterPortType {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  uuid!: string | null;

  @Field()
  mac!: string;

  @Field(() => [String], { description: 'CIDRs, e.g. "172.19.0.4/16".' })
  networks!: string[];

  @Field(() => [OvnGatewayChassisType], {
    description: 'Highest priority first (the HA_Chassis_Group’s members when the port uses one); empty without a gateway.',
  })
  gatewayChassis!: OvnGatewayChassisType[];

  @Field(() => String, { nullable: true })
  haChassisGroup!: string | null;

  @Field(() => String, { nullable: true, description: 'The router port it is patched to directly (router to router).' })
  peer!: string | null;

  @Field(() => [OvsdbEntryType])
  options!: OvsdbEntryType[];

  @Field(() => [OvsdbEntryType], { nullable: true })
  externalIds!: OvsdbEntryType[] | null;

  @Field(() => OvnOwnerType, { nullable: true })
  owner!: OvnOwnerType | null;
}

@ObjectType('OvnNat', { description: 'A NAT row of a logical router.' })
export class OvnNatType {
  @Field(() => String, { nullable: true })
  uuid!: string | null;

  @Field({ description: 'snat, dnat or dnat_and_snat.' })
  type!: string;

  @Field()
  externalIp!: string;

  @Field({ description: 'An address, or a CIDR for a subnet SNAT.' })
  logicalIp!: string;

  @Field(() => String, { nullable: true })
  externalMac!: string | null;

  @Field(() => String, { nullable: true })
  logicalPort!: string | null;

  @Field(() => String, { nullable: true })
  externalPortRange!: string | null;

  @Field(() => String, { nullable: true })
  gatewayPort!: string | null;

  @Field({ description: '`options:stateless=true`.' })
  stateless!: boolean;

  @Field(() => OvnPlacementValue, {
    description: 'distributed: a dnat_and_snat with external_mac and logical_port, run on the chassis of that port.',
  })
  placement!: OvnPlacementValue;

  @Field(() => String, {
    nullable: true,
    description: 'The highest-priority gateway chassis, or "the chassis of <logical_port>" when distributed.',
  })
  chassis!: string | null;

  @Field(() => String, { nullable: true, description: 'The node host of that chassis, when known.' })
  chassisHost!: string | null;

  @Field(() => OvnOwnerType, { nullable: true })
  owner!: OvnOwnerType | null;
}

@ObjectType('OvnStaticRoute')
export class OvnStaticRouteType {
  @Field(() => String, { nullable: true })
  uuid!: string | null;

  @Field()
  ipPrefix!: string;

  @Field({ description: 'An address, or "discard".' })
  nexthop!: string;

  @Field({ description: 'dst-ip or src-ip.' })
  policy!: string;

  @Field(() => String, { nullable: true })
  outputPort!: string | null;

  @Field(() => String, { nullable: true, description: "`route_table` ('' is the main table); null when not captured." })
  routeTable!: string | null;

  @Field(() => OvnOwnerType, { nullable: true })
  owner!: OvnOwnerType | null;
}

@ObjectType('OvnRouterPolicy')
export class OvnRouterPolicyType {
  @Field(() => String, { nullable: true })
  uuid!: string | null;

  @Field(() => Int)
  priority!: number;

  @Field()
  match!: string;

  @Field({ description: 'allow, drop or reroute.' })
  action!: string;

  @Field(() => [String])
  nexthops!: string[];

  @Field(() => OvnOwnerType, { nullable: true })
  owner!: OvnOwnerType | null;
}

/** `nat` is resolved by OvnLogicalRouterResolver (cut by `first`). */
@ObjectType('OvnLogicalRouter', { description: 'A logical router (kube-ovn: a Vpc).' })
export class OvnLogicalRouterType {
  @Field()
  name!: string;

  @Field()
  uuid!: string;

  @Field(() => [OvnRouterPortType])
  ports!: OvnRouterPortType[];

  @Field(() => Int)
  natCount!: number;

  @Field(() => [OvnStaticRouteType])
  staticRoutes!: OvnStaticRouteType[];

  @Field(() => [OvnRouterPolicyType], {
    nullable: true,
    description: 'Highest priority first; null when Logical_Router_Policy was not captured.',
  })
  policies!: OvnRouterPolicyType[] | null;

  @Field(() => [String], { description: 'Load balancer names or UUIDs.' })
  loadBalancers!: string[];

  @Field(() => [String], { nullable: true })
  loadBalancerGroups!: string[] | null;

  @Field(() => [OvsdbEntryType])
  options!: OvsdbEntryType[];

  @Field(() => [OvsdbEntryType], { nullable: true })
  externalIds!: OvsdbEntryType[] | null;

  @Field(() => OvnOwnerType, { nullable: true })
  owner!: OvnOwnerType | null;
}
