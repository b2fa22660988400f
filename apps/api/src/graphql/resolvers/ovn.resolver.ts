import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { OvnRouterSource, OvnSwitchSource, OvnTopologySource } from '../ovn/ovn-view';
import { OVN_PAGE, clampFirst, pagedCost } from '../pagination/page-size';
import { OvnLogicalRouterType, OvnNatType } from '../types/ovn-router.type';
import { OvnLogicalSwitchType, OvnSwitchPortType } from '../types/ovn-switch.type';
import { OvnAclType, OvnAddressSetType, OvnLoadBalancerType, OvnPortGroupType, OvnTopologyType } from '../types/ovn-tables.type';

const FIRST = { type: () => Int, nullable: true, defaultValue: OVN_PAGE.defaultSize } as const;
const NAME = { type: () => String, nullable: true, description: 'Only the one with this name.' } as const;

const page = (what: string, extra = ''): string =>
  `${what}${extra}: the first \`first\` (default ${OVN_PAGE.defaultSize}, at most ${OVN_PAGE.maxSize}).`;

/** Rows named `name`, or all of them when no name is given (an omitted argument arrives as undefined). */
function named<T extends { name: string }>(rows: readonly T[], name: string | null | undefined): readonly T[] {
  return name === null || name === undefined ? rows : rows.filter((row) => row.name === name);
}

function cut<T>(rows: readonly T[] | null, first: number | null): T[] | null {
  return rows === null ? null : rows.slice(0, clampFirst(first, OVN_PAGE));
}

@Resolver(() => OvnTopologyType)
export class OvnTopologyResolver {
  @ResolveField(() => [OvnLogicalSwitchType], { description: page('Logical switches in capture order'), complexity: pagedCost(OVN_PAGE) })
  switches(
    @Parent() ovn: OvnTopologySource,
    @Args('first', FIRST) first: number | null,
    @Args('name', NAME) name: string | null,
  ): OvnSwitchSource[] {
    return cut(named(ovn.switches, name), first) ?? [];
  }

  @ResolveField(() => [OvnLogicalRouterType], { description: page('Logical routers in capture order'), complexity: pagedCost(OVN_PAGE) })
  routers(
    @Parent() ovn: OvnTopologySource,
    @Args('first', FIRST) first: number | null,
    @Args('name', NAME) name: string | null,
  ): OvnRouterSource[] {
    return cut(named(ovn.routers, name), first) ?? [];
  }

  @ResolveField(() => [OvnLoadBalancerType], {
    nullable: true,
    description: page('Load balancers', '; null when not captured'),
    complexity: pagedCost(OVN_PAGE),
  })
  loadBalancers(@Parent() ovn: OvnTopologySource, @Args('first', FIRST) first: number | null): OvnLoadBalancerType[] | null {
    return cut(ovn.loadBalancers, first);
  }

  @ResolveField(() => [OvnAclType], {
    nullable: true,
    description: page('ACLs', '; null when not captured'),
    complexity: pagedCost(OVN_PAGE),
  })
  acls(@Parent() ovn: OvnTopologySource, @Args('first', FIRST) first: number | null): OvnAclType[] | null {
    return cut(ovn.acls, first);
  }

  @ResolveField(() => [OvnPortGroupType], {
    nullable: true,
    description: page('Port groups', '; null when not captured'),
    complexity: pagedCost(OVN_PAGE),
  })
  portGroups(@Parent() ovn: OvnTopologySource, @Args('first', FIRST) first: number | null): OvnPortGroupType[] | null {
    return cut(ovn.portGroups, first);
  }

  @ResolveField(() => [OvnAddressSetType], {
    nullable: true,
    description: page('Address sets', '; null when not captured'),
    complexity: pagedCost(OVN_PAGE),
  })
  addressSets(@Parent() ovn: OvnTopologySource, @Args('first', FIRST) first: number | null): OvnAddressSetType[] | null {
    return cut(ovn.addressSets, first);
  }
}

@Resolver(() => OvnLogicalSwitchType)
export class OvnLogicalSwitchResolver {
  @ResolveField(() => [OvnSwitchPortType], { description: page('Ports in capture order'), complexity: pagedCost(OVN_PAGE) })
  ports(
    @Parent() sw: OvnSwitchSource,
    @Args('first', FIRST) first: number | null,
    @Args('name', NAME) name: string | null,
  ): OvnSwitchPortType[] {
    return cut(named(sw.ports, name), first) ?? [];
  }
}

@Resolver(() => OvnLogicalRouterType)
export class OvnLogicalRouterResolver {
  @ResolveField(() => [OvnNatType], { description: page('NAT rows'), complexity: pagedCost(OVN_PAGE) })
  nat(@Parent() router: OvnRouterSource, @Args('first', FIRST) first: number | null): OvnNatType[] {
    return cut(router.nat, first) ?? [];
  }
}
