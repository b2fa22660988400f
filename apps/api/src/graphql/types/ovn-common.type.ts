import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum OvnPlacementValue {
  DISTRIBUTED = 'distributed',
  CENTRALIZED = 'centralized',
}

registerEnumType(OvnPlacementValue, {
  name: 'OvnPlacement',
  description:
    'Where an OVN translation runs: on the chassis of the port concerned (distributed) or on the router’s gateway chassis (centralized).',
});

export enum OvnDatapathKindValue {
  ROUTER = 'router',
  SWITCH = 'switch',
}

registerEnumType(OvnDatapathKindValue, { name: 'OvnDatapathKind' });

@ObjectType('OvsdbEntry', { description: 'One key of an OVSDB map column (options, external_ids, other_config).' })
export class OvsdbEntryType {
  @Field()
  key!: string;

  @Field()
  value!: string;
}

@ObjectType('OvnOwner', {
  description: 'The Kubernetes object behind an OVN northbound row (the kube-ovn object that wrote it, or the Service a VIP serves).',
})
export class OvnOwnerType {
  @Field({ description: 'Vpc, Subnet, Pod, OvnFip, OvnEip, OvnSnatRule, OvnDnatRule, NetworkPolicy, SecurityGroup, Node, Service, ...' })
  kind!: string;

  @Field(() => String, { nullable: true })
  namespace!: string | null;

  @Field()
  name!: string;

  @Field({
    description:
      '`external_ids:<key>` when kube-ovn’s own marker says so; else what matched: name, addresses, external IP, CIDR, route, policy, VIP.',
  })
  via!: string;

  @Field({ description: 'Whether the object is among the snapshot’s k8s/ objects.' })
  inSnapshot!: boolean;

  @Field({ description: '"kube-ovn OvnFip fip-1 (by addresses)", "kube-ovn Vpc vpc-1", "Service default/web (by VIP)".' })
  text!: string;
}
