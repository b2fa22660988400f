import { Field, Int, ObjectType } from '@nestjs/graphql';
import { OvnOwnerType, OvsdbEntryType } from './ovn-common.type';
import { EndpointType } from './topology.type';

@ObjectType('OvnSwitchPort', { description: 'A logical switch port.' })
export class OvnSwitchPortType {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  uuid!: string | null;

  @Field({ description: "'' for a VIF (a pod, a node), 'router' for a router's peer, 'localnet', 'localport', 'virtual', ..." })
  type!: string;

  @Field(() => [String], { description: '`addresses`: "<mac> <ip>...", "unknown", "router", "dynamic".' })
  addresses!: string[];

  @Field(() => String, { nullable: true, description: 'For type router: the logical router port it patches to (`options:router-port`).' })
  routerPort!: string | null;

  @Field({ description: 'Whether it is a localnet port (the physical network).' })
  localnet!: boolean;

  @Field(() => String, { nullable: true, description: 'A localnet port’s `options:network_name`.' })
  networkName!: string | null;

  @Field(() => [String], { nullable: true, description: '`port_security`; null when not captured.' })
  portSecurity!: string[] | null;

  @Field(() => String, { nullable: true })
  parentName!: string | null;

  @Field(() => Int, { nullable: true })
  tag!: number | null;

  @Field(() => Boolean, { nullable: true, description: '`enabled`; null when unset (enabled) or not captured.' })
  enabled!: boolean | null;

  @Field(() => EndpointType, {
    nullable: true,
    description: 'The host interface that is its VIF (topology.yaml `ovn.ports`); null when the snapshot does not bind it.',
  })
  boundInterface!: EndpointType | null;

  @Field(() => String, { nullable: true, description: '`topology` or `derived`: how boundInterface is known.' })
  boundBy!: string | null;

  @Field(() => String, { nullable: true, description: 'The chassis `ovn-sbctl show` binds it to, when captured.' })
  chassis!: string | null;

  @Field(() => [OvsdbEntryType], { nullable: true, description: 'null when not captured.' })
  options!: OvsdbEntryType[] | null;

  @Field(() => [OvsdbEntryType], { nullable: true, description: 'null when not captured.' })
  externalIds!: OvsdbEntryType[] | null;

  @Field(() => OvnOwnerType, { nullable: true })
  owner!: OvnOwnerType | null;
}

/** `ports` is resolved by OvnLogicalSwitchResolver (cut by `first`). */
@ObjectType('OvnLogicalSwitch', { description: 'A logical switch (kube-ovn: a Subnet, the join switch, an external network).' })
export class OvnLogicalSwitchType {
  @Field()
  name!: string;

  @Field()
  uuid!: string;

  @Field(() => Int)
  portCount!: number;

  @Field(() => [String], { description: 'Load balancer names or UUIDs (`ls-lb-list`).' })
  loadBalancers!: string[];

  @Field(() => [String], { nullable: true, description: 'Load_Balancer_Group names or UUIDs; null when not captured.' })
  loadBalancerGroups!: string[] | null;

  @Field(() => [String], { nullable: true, description: 'ACL UUIDs of its `acls` column; null when not captured.' })
  acls!: string[] | null;

  @Field(() => [OvsdbEntryType], { nullable: true })
  otherConfig!: OvsdbEntryType[] | null;

  @Field(() => [OvsdbEntryType], { nullable: true })
  externalIds!: OvsdbEntryType[] | null;

  @Field(() => OvnOwnerType, { nullable: true })
  owner!: OvnOwnerType | null;
}
