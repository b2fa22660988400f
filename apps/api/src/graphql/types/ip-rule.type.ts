import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('IpRule', { description: 'One policy routing rule (`ip rule`).' })
export class IpRuleType {
  @Field(() => Int)
  priority!: number;

  @Field({ description: '`not` inverts the selector.' })
  not!: boolean;

  @Field({ description: '`all` or CIDR.' })
  from!: string;

  @Field()
  to!: string;

  @Field(() => String, { nullable: true })
  iif?: string;

  @Field(() => String, { nullable: true })
  oif?: string;

  @Field(() => Float, { nullable: true, description: 'Unsigned 32-bit firewall mark.' })
  fwmark?: number;

  @Field(() => Float, { nullable: true, description: 'Mask of fwmark; 0xffffffff when not printed.' })
  fwmask?: number;

  @Field(() => String, { nullable: true })
  tos?: string;

  @Field(() => String, { nullable: true })
  ipproto?: string;

  @Field(() => String, { nullable: true })
  sport?: string;

  @Field(() => String, { nullable: true })
  dport?: string;

  @Field(() => String, { nullable: true })
  uidrange?: string;

  @Field()
  l3mdev!: boolean;

  @Field({ description: '`lookup`, `blackhole`, `unreachable`, `prohibit`, `goto` or `nop`.' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'Table of a `lookup` rule, named as Route.table.' })
  table?: string;

  @Field(() => Int, { nullable: true })
  gotoPriority?: number;

  @Field(() => Int, { nullable: true })
  suppressPrefixLength?: number;

  @Field(() => String, { nullable: true })
  suppressIfgroup?: string;

  @Field({ description: 'The rule names a device that does not exist.' })
  detached!: boolean;
}

@ObjectType('Sysctl')
export class SysctlType {
  @Field({ description: 'Dotted key: `net.ipv4.conf.eth0.rp_filter`.' })
  key!: string;

  @Field()
  value!: string;
}
