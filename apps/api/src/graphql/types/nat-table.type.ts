import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IpvsServiceType } from './ipvs.type';

export enum NatKindValue {
  DNAT = 'DNAT',
  SNAT = 'SNAT',
  MASQUERADE = 'MASQUERADE',
  REDIRECT = 'REDIRECT',
}

registerEnumType(NatKindValue, { name: 'NatKind' });

@ObjectType('NatRule', { description: 'An iptables rule whose target rewrites an address.' })
export class NatRuleType {
  @Field()
  host!: string;

  @Field(() => NatKindValue)
  kind!: NatKindValue;

  @Field()
  table!: string;

  @Field()
  chain!: string;

  @Field(() => Int, { description: '1-based position inside its chain.' })
  position!: number;

  @Field({ description: 'The whole rule as iptables-save prints it.' })
  rule!: string;

  @Field({ description: 'The selectors: the text between the chain name and the target.' })
  match!: string;

  @Field({ description: 'What the packet is rewritten to, in words.' })
  translation!: string;

  @Field({ description: 'The target options as written (`--to-destination 13.13.0.4`).' })
  targetOptions!: string;
}

@ObjectType('NatIpvsService', { description: 'An IPVS virtual service of a host: a destination translation to its real servers.' })
export class NatIpvsServiceType extends IpvsServiceType {
  @Field()
  host!: string;
}

@ObjectType('NatTable', { description: 'Every address translation of a snapshot: NAT rules in rule order, then IPVS services.' })
export class NatTableType {
  @Field(() => [NatRuleType])
  rules!: NatRuleType[];

  @Field(() => [NatIpvsServiceType])
  ipvs!: NatIpvsServiceType[];
}
