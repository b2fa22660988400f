import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IpvsServiceType } from './ipvs.type';
import { OvnDatapathKindValue, OvnPlacementValue } from './ovn-common.type';

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

@ObjectType('NatOvnRow', { description: 'An OVN address translation: a NAT row of a logical router, or one VIP of a load balancer.' })
export class NatOvnRowType {
  @Field(() => OvnDatapathKindValue)
  datapathKind!: OvnDatapathKindValue;

  @Field({ description: 'The logical router or switch it applies on.' })
  datapath!: string;

  @Field({ description: 'snat, dnat, dnat_and_snat, or lb for a load balancer VIP.' })
  type!: string;

  @Field({ description: 'NAT: external_ip. LB: the VIP address.' })
  external!: string;

  @Field(() => String, { nullable: true, description: 'NAT: external_port_range. LB: the VIP port.' })
  externalPorts!: string | null;

  @Field(() => [String], { description: 'NAT: the logical IP (or CIDR). LB: the backends ("ip:port").' })
  logical!: string[];

  @Field(() => String, { nullable: true, description: 'LB: tcp, udp or sctp.' })
  protocol!: string | null;

  @Field(() => String, { nullable: true })
  externalMac!: string | null;

  @Field(() => String, { nullable: true })
  logicalPort!: string | null;

  @Field(() => OvnPlacementValue)
  placement!: OvnPlacementValue;

  @Field(() => String, {
    nullable: true,
    description:
      'The highest-priority gateway chassis, "the chassis of <logical_port>" (distributed FIP) or "the chassis of the sending port" (switch LB).',
  })
  chassis!: string | null;

  @Field(() => String, { nullable: true, description: 'The node host of that chassis, when the snapshot maps it.' })
  chassisHost!: string | null;

  @Field(() => String, { nullable: true, description: 'The NAT or Load_Balancer row UUID.' })
  uuid!: string | null;

  @Field(() => String, { nullable: true, description: 'LB: its name.' })
  loadBalancer!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The kube-ovn object (or Service) behind it, and how it was found when not by external_ids.',
  })
  owner!: string | null;
}

@ObjectType('NatTable', {
  description: 'Every address translation of a snapshot: NAT rules in rule order, IPVS services, then OVN NAT rows and load balancer VIPs.',
})
export class NatTableType {
  @Field(() => [NatRuleType])
  rules!: NatRuleType[];

  @Field(() => [NatIpvsServiceType])
  ipvs!: NatIpvsServiceType[];

  @Field(() => [NatOvnRowType], {
    description: 'Per router its NAT rows then its load balancers’ VIPs, then per switch its VIPs; empty without ovn/.',
  })
  ovn!: NatOvnRowType[];
}
