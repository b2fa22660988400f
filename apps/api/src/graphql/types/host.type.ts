import { Field, ObjectType } from '@nestjs/graphql';
import { IpRuleType } from './ip-rule.type';
import { IpvsServiceType } from './ipvs.type';
import { NetInterfaceType } from './interface.type';

/** Fields read straight from the stored host; the rest are resolved by HostResolver. */
@ObjectType('Host', { description: 'One network namespace of a snapshot: a node, a pod, a gateway or an external peer.' })
export class HostType {
  @Field()
  name!: string;

  @Field(() => [NetInterfaceType], { nullable: true, description: 'Null when `ip -d addr` was not captured.' })
  interfaces!: NetInterfaceType[] | null;

  @Field(() => [IpRuleType], { nullable: true, description: 'Policy routing rules; null when not captured.' })
  rules!: IpRuleType[] | null;

  @Field(() => [IpvsServiceType], { nullable: true, description: 'IPVS virtual services; null when not captured.' })
  ipvs!: IpvsServiceType[] | null;

  @Field(() => [String], { description: 'The snapshot paths this host was read from.' })
  files!: string[];
}
