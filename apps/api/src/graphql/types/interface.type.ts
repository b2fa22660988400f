import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('InterfaceAddress')
export class InterfaceAddressType {
  @Field({ description: '`inet` or `inet6`.' })
  family!: string;

  @Field()
  address!: string;

  @Field(() => Int)
  prefixLen!: number;

  @Field(() => String, { nullable: true, description: 'Peer address of a point-to-point address.' })
  peer?: string;

  @Field()
  scope!: string;

  @Field({ description: 'The kernel marks every address after the first one of the same subnet as secondary.' })
  secondary!: boolean;

  @Field(() => String, { nullable: true })
  broadcast?: string;

  @Field(() => String, { nullable: true })
  label?: string;

  @Field(() => [String])
  flags!: string[];
}

@ObjectType('NetInterface')
export class NetInterfaceType {
  @Field()
  name!: string;

  @Field(() => Int)
  ifindex!: number;

  @Field({ description: '`veth`, `macvlan`, `bridge`, ... or the `info_kind` verbatim.' })
  kind!: string;

  @Field(() => String, { nullable: true })
  mac?: string;

  @Field(() => Int, { nullable: true })
  mtu?: number;

  @Field(() => [String], { description: 'Flags between angle brackets: UP, LOWER_UP, NOARP, ...' })
  flags!: string[];

  @Field(() => String, { nullable: true })
  operState?: string;

  @Field(() => String, { nullable: true, description: 'Master device (bridge or bond) when enslaved.' })
  master?: string;

  @Field(() => String, { nullable: true, description: 'Peer or parent device (veth, macvlan, vlan).' })
  link?: string;

  @Field(() => Int, { nullable: true })
  linkIndex?: number;

  @Field(() => Int, { nullable: true, description: 'Set when the peer or parent lives in another network namespace.' })
  linkNetnsId?: number;

  @Field(() => String, { nullable: true })
  macvlanMode?: string;

  @Field(() => Int, { nullable: true })
  vlanId?: number;

  @Field(() => [InterfaceAddressType])
  addresses!: InterfaceAddressType[];
}
