import { Field, Int, ObjectType } from '@nestjs/graphql';
import { OvnOwnerType, OvsdbEntryType } from './ovn-common.type';

@ObjectType('OvnLbVip', { description: 'One VIP of a load balancer and its backends.' })
export class OvnLbVipType {
  @Field({ description: '"ip:port" or "ip", as in `vips`.' })
  vip!: string;

  @Field(() => [String], { description: '"ip:port" each.' })
  backends!: string[];

  @Field(() => OvnOwnerType, { nullable: true, description: 'The Service or OvnDnatRule it serves, else the load balancer’s owner.' })
  owner!: OvnOwnerType | null;
}

@ObjectType('OvnLoadBalancer')
export class OvnLoadBalancerType {
  @Field(() => String, { nullable: true })
  uuid!: string | null;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  protocol!: string | null;

  @Field(() => [OvnLbVipType])
  vips!: OvnLbVipType[];

  @Field(() => [String], { description: 'Routers using it (directly or through a group).' })
  routers!: string[];

  @Field(() => [String], { description: 'Switches using it (directly or through a group).' })
  switches!: string[];

  @Field(() => [OvsdbEntryType], { nullable: true })
  options!: OvsdbEntryType[] | null;

  @Field(() => OvnOwnerType, { nullable: true })
  owner!: OvnOwnerType | null;
}

@ObjectType('OvnAclAttachment', { description: 'What an ACL applies to: a switch or a port group.' })
export class OvnAclAttachmentType {
  @Field({ description: 'switch or port_group.' })
  kind!: string;

  @Field()
  name!: string;
}

@ObjectType('OvnAcl')
export class OvnAclType {
  @Field(() => String, { nullable: true })
  uuid!: string | null;

  @Field({ description: 'from-lport or to-lport.' })
  direction!: string;

  @Field(() => Int, { nullable: true })
  priority!: number | null;

  @Field()
  match!: string;

  @Field({ description: 'allow, allow-related, allow-stateless, drop, reject, pass.' })
  action!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => Int, { nullable: true, description: 'null when not captured.' })
  tier!: number | null;

  @Field(() => [OvnAclAttachmentType], { nullable: true, description: 'null when the attaching rows were not captured.' })
  appliesTo!: OvnAclAttachmentType[] | null;

  @Field(() => OvnOwnerType, { nullable: true })
  owner!: OvnOwnerType | null;
}

@ObjectType('OvnPortGroup')
export class OvnPortGroupType {
  @Field(() => String, { nullable: true })
  uuid!: string | null;

  @Field()
  name!: string;

  @Field(() => [String], { description: 'Logical switch port names.' })
  ports!: string[];

  @Field(() => [String], { description: 'ACL UUIDs.' })
  acls!: string[];

  @Field(() => OvnOwnerType, { nullable: true })
  owner!: OvnOwnerType | null;
}

@ObjectType('OvnAddressSet')
export class OvnAddressSetType {
  @Field(() => String, { nullable: true })
  uuid!: string | null;

  @Field()
  name!: string;

  @Field(() => [String])
  addresses!: string[];

  @Field(() => OvnOwnerType, { nullable: true })
  owner!: OvnOwnerType | null;
}

@ObjectType('OvnChassis', { description: 'A chassis as `ovn-sbctl show` prints it.' })
export class OvnChassisType {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  hostname!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The snapshot’s host folder of that node (topology.yaml `ovn.chassis`, else the hostname), when known.',
  })
  host!: string | null;

  @Field(() => [String])
  encaps!: string[];

  @Field(() => [String], { description: 'Logical ports bound to it.' })
  ports!: string[];
}

/** The lists cut by `first` are resolved by OvnTopologyResolver. */
@ObjectType('OvnTopology', {
  description: 'The OVN logical topology of a snapshot (its northbound database as captured), with the kube-ovn object behind each row.',
})
export class OvnTopologyType {
  @Field(() => [String], { description: 'The ovn/ files it was read from.' })
  files!: string[];

  @Field(() => [String], { nullable: true, description: 'Northbound tables captured in full; null when the sources do not say.' })
  capturedTables!: string[] | null;

  @Field(() => Int)
  switchCount!: number;

  @Field(() => Int)
  routerCount!: number;

  @Field(() => [OvnChassisType], { nullable: true, description: 'From `ovn-sbctl show`; null when not captured.' })
  chassis!: OvnChassisType[] | null;
}
