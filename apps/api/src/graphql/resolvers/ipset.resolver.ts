import type { Ipset, IpsetMember } from '@hookpath/model';
import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { LIST_PAGE, clampFirst, pagedCost } from '../pagination/page-size';
import { IpsetMemberType, IpsetOptionType, IpsetType } from '../types/ipset.type';

@Resolver(() => IpsetType)
export class IpsetResolver {
  @ResolveField(() => [IpsetOptionType])
  options(@Parent() set: Ipset): IpsetOptionType[] {
    return Object.entries(set.options).map(([name, value]) => ({ name, value: value === true ? null : value }));
  }

  @ResolveField(() => [IpsetMemberType], {
    description: `The first \`first\` members in listing order (default ${LIST_PAGE.defaultSize}, at most ${LIST_PAGE.maxSize}).`,
    complexity: pagedCost(LIST_PAGE),
  })
  members(
    @Parent() set: Ipset,
    @Args('first', { type: () => Int, nullable: true, defaultValue: LIST_PAGE.defaultSize }) first: number | null,
  ): IpsetMember[] {
    return set.members.slice(0, clampFirst(first, LIST_PAGE));
  }

  @ResolveField(() => Int)
  memberCount(@Parent() set: Ipset): number {
    return set.members.length;
  }
}
