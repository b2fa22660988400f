import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum HookValue {
  PREROUTING = 'PREROUTING',
  INPUT = 'INPUT',
  FORWARD = 'FORWARD',
  OUTPUT = 'OUTPUT',
  POSTROUTING = 'POSTROUTING',
}

registerEnumType(HookValue, { name: 'Hook', description: 'An IPv4 netfilter hook.' });

export enum HookEntryKindValue {
  TABLE = 'table',
  CONNTRACK = 'conntrack',
  CONNTRACK_CONFIRM = 'conntrack-confirm',
}

registerEnumType(HookEntryKindValue, {
  name: 'HookEntryKind',
  description: 'What runs at a hook priority: the base chain of a table, conntrack lookup, or conntrack confirmation.',
});

@ObjectType('HookPathEntry')
export class HookPathEntryType {
  @Field(() => HookEntryKindValue)
  kind!: HookEntryKindValue;

  @Field(() => Int, { description: 'Hook priority; lower runs first (NF_IP_PRI_CONNTRACK_CONFIRM is 2147483647).' })
  priority!: number;

  @Field({ description: 'Kernel name of the priority (`NF_IP_PRI_NAT_DST`).' })
  priorityName!: string;

  @Field(() => String, { nullable: true })
  table!: string | null;

  @Field(() => String, { nullable: true, description: "The table's base chain on this hook." })
  chain!: string | null;

  @Field(() => String, { nullable: true })
  policy!: string | null;

  @Field(() => Int)
  ruleCount!: number;

  @Field({ description: 'Conntrack steps are inactive in a namespace whose rules never need connection state.' })
  active!: boolean;
}

@ObjectType('HookPath', { description: 'What a packet meets on one hook of one host, in priority order.' })
export class HookPathType {
  @Field()
  host!: string;

  @Field(() => HookValue)
  hook!: HookValue;

  @Field(() => [HookPathEntryType])
  entries!: HookPathEntryType[];
}
