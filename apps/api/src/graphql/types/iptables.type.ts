import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../pagination/connection';

export enum TargetKindValue {
  JUMP = 'jump',
  GOTO = 'goto',
}

registerEnumType(TargetKindValue, {
  name: 'TargetKind',
  description: "`-j` jumps (a user chain returns to the caller); `-g` goes to (it returns to the caller's caller).",
});

@ObjectType('RuleOption', { description: 'One option of a match or target as written: `--match-set KUBE-LOAD-BALANCER dst,dst`.' })
export class RuleOptionType {
  @Field({ description: 'Long option name without dashes (`source`, `match-set`, `to-destination`).' })
  name!: string;

  @Field()
  negated!: boolean;

  @Field(() => [String])
  values!: string[];
}

@ObjectType('RuleMatch')
export class RuleMatchType {
  @Field({ description: '`ip` for the built-in selectors, otherwise the `-m` module name.' })
  module!: string;

  @Field(() => [RuleOptionType])
  options!: RuleOptionType[];
}

@ObjectType('RuleTarget')
export class RuleTargetType {
  @Field({ description: '`ACCEPT`, `DNAT`, `MARK`, or a user chain name.' })
  name!: string;

  @Field(() => TargetKindValue)
  kind!: TargetKindValue;

  @Field(() => [RuleOptionType])
  options!: RuleOptionType[];
}

@ObjectType('IptablesRule')
export class IptablesRuleType {
  @Field(() => Int, { description: '1-based position inside its chain, as `iptables -L --line-numbers` counts.' })
  position!: number;

  @Field({ description: 'The rule as iptables-save prints it, without counters.' })
  text!: string;

  @Field(() => [RuleMatchType])
  matches!: RuleMatchType[];

  @Field(() => RuleTargetType, { nullable: true, description: 'Null for a rule without `-j`/`-g`.' })
  target!: RuleTargetType | null;

  @Field(() => Float, { nullable: true, description: 'Packets counted by the rule, when the capture had counters.' })
  packets!: number | null;

  @Field(() => Float, { nullable: true })
  bytes!: number | null;

  @Field(() => Int, { description: '1-based line in the source file.' })
  line!: number;
}

@ObjectType('IptablesRuleConnection')
export class IptablesRuleConnectionType extends Connection(IptablesRuleType, 'IptablesRule') {}

@ObjectType('IptablesChain')
export class IptablesChainType {
  @Field()
  name!: string;

  @Field()
  builtin!: boolean;

  @Field(() => String, { nullable: true, description: 'Policy of a built-in chain; null for user chains.' })
  policy!: string | null;

  @Field(() => Float, { nullable: true, description: 'Packets that met the policy, when the capture had counters.' })
  packets!: number | null;

  @Field(() => Float, { nullable: true })
  bytes!: number | null;
}

@ObjectType('IptablesTable')
export class IptablesTableType {
  @Field({ description: '`raw`, `mangle`, `nat`, `filter` or `security`.' })
  name!: string;
}

@ObjectType('Iptables', { description: "A host's iptables ruleset." })
export class IptablesType {
  @Field({ description: '`iptables-save` or `iptables-S`.' })
  format!: string;

  @Field(() => String, { nullable: true, description: '`nf_tables` or `legacy`, from the banner.' })
  backend!: string | null;

  @Field(() => String, { nullable: true, description: 'iptables version from the banner (`v1.8.9`).' })
  version!: string | null;
}
