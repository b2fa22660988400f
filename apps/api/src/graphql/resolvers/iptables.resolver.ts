import { decodeRuleCursor, encodeRuleCursor } from '@hookpath/data-access';
import type { IptablesRule } from '@hookpath/model';
import { Inject } from '@nestjs/common';
import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { readPage } from '../pagination/cursor-error';
import { CONNECTION_PAGE, clampFirst, pagedCost } from '../pagination/page-size';
import { rulePageStart } from '../pagination/rule-page-start';
import { SnapshotViews } from '../snapshot-views';
import { chainSource, type IptablesChainSource, type IptablesSource, type IptablesTableSource } from '../sources';
import {
  IptablesChainType,
  IptablesRuleConnectionType,
  IptablesRuleType,
  IptablesTableType,
  IptablesType,
  TargetKindValue,
} from '../types/iptables.type';

function ruleNode(rule: IptablesRule): IptablesRuleType {
  return {
    position: rule.position,
    text: rule.text,
    matches: rule.matches,
    target: rule.target === null ? null : { ...rule.target, kind: rule.target.kind as TargetKindValue },
    packets: rule.counters?.packets ?? null,
    bytes: rule.counters?.bytes ?? null,
    line: rule.line,
  };
}

function tableSource(iptables: IptablesSource, name: string): IptablesTableSource {
  return { snapshotId: iptables.snapshotId, hostId: iptables.hostId, hostName: iptables.hostName, name };
}

@Resolver(() => IptablesType)
export class IptablesResolver {
  @ResolveField(() => [IptablesTableType], { description: 'Tables in ruleset order.' })
  tables(@Parent() iptables: IptablesSource): IptablesTableSource[] {
    return iptables.tableNames.map((name) => tableSource(iptables, name));
  }

  @ResolveField(() => IptablesTableType, { nullable: true, description: 'One table by name; null when the ruleset does not have it.' })
  table(
    @Parent() iptables: IptablesSource,
    @Args('name', { description: '`raw`, `mangle`, `nat`, `filter` or `security`.' }) name: string,
  ): IptablesTableSource | null {
    return iptables.tableNames.includes(name) ? tableSource(iptables, name) : null;
  }
}

@Resolver(() => IptablesTableType)
export class IptablesTableResolver {
  constructor(@Inject(SnapshotViews) private readonly views: SnapshotViews) {}

  @ResolveField(() => [IptablesChainType], { description: 'Chains in table order: built-in chains first, as iptables-save lists them.' })
  async chains(@Parent() table: IptablesTableSource): Promise<IptablesChainSource[]> {
    const { name, ...ref } = table;
    const chains = await this.views.chains(ref.snapshotId, ref.hostName, name);
    return (chains ?? []).map((c) => chainSource(ref, name, c));
  }

  @ResolveField(() => IptablesChainType, {
    nullable: true,
    description: 'One chain by name (`KUBE-SERVICES`); null when the table does not have it.',
  })
  async chain(@Parent() table: IptablesTableSource, @Args('name') chainName: string): Promise<IptablesChainSource | null> {
    const { name, ...ref } = table;
    const chain = (await this.views.chains(ref.snapshotId, ref.hostName, name))?.find((c) => c.name === chainName);
    return chain === undefined ? null : chainSource(ref, name, chain);
  }
}

@Resolver(() => IptablesChainType)
export class IptablesChainResolver {
  constructor(@Inject(SnapshotViews) private readonly views: SnapshotViews) {}

  @ResolveField(() => Int)
  async ruleCount(@Parent() chain: IptablesChainSource): Promise<number> {
    return (await this.views.ruleCount(chain.snapshotId, chain.hostName, chain.table, chain.name)) ?? 0;
  }

  @ResolveField(() => IptablesRuleConnectionType, {
    description: `Rules in chain order. \`first\` defaults to ${CONNECTION_PAGE.defaultSize} and is capped at ${CONNECTION_PAGE.maxSize}.`,
    complexity: pagedCost(CONNECTION_PAGE),
  })
  async rules(
    @Parent() chain: IptablesChainSource,
    @Args('first', { type: () => Int, nullable: true, defaultValue: CONNECTION_PAGE.defaultSize }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after: string | null | undefined,
    @Args('afterPosition', {
      type: () => Int,
      nullable: true,
      description:
        'The rules after the one at this 1-based position in the chain; 0 starts at the first. At most one of `after` and `afterPosition`.',
    })
    afterPosition: number | null | undefined,
  ): Promise<IptablesRuleConnectionType> {
    const start = rulePageStart(after, afterPosition);
    const from = await readPage(async () => (start === null ? 0 : decodeRuleCursor(start)));
    const page = await this.views.rulePage(
      chain.snapshotId,
      chain.hostName,
      chain.table,
      chain.name,
      from,
      clampFirst(first, CONNECTION_PAGE),
    );
    const rules = page?.rules ?? [];
    const last = rules[rules.length - 1];
    return {
      edges: rules.map((rule) => ({ cursor: encodeRuleCursor(rule.position), node: ruleNode(rule) })),
      pageInfo: { endCursor: last === undefined ? null : encodeRuleCursor(last.position), hasNextPage: page?.hasNextPage ?? false },
    };
  }
}
