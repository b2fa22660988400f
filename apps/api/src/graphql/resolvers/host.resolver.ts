import type { HostRecord } from '@hookpath/data-access';
import type { ConntrackEntry, Ipset, Route } from '@hookpath/model';
import { Inject } from '@nestjs/common';
import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { LIST_PAGE, clampFirst, pagedCost } from '../pagination/page-size';
import { SnapshotViews } from '../snapshot-views';
import { sysctlKeyMatcher } from '../sysctl-keys';
import { iptablesSource, type IptablesSource } from '../sources';
import { ConntrackEntryType } from '../types/conntrack.type';
import { HookPathType } from '../types/hook-path.type';
import { HostType } from '../types/host.type';
import { IpsetType } from '../types/ipset.type';
import { IptablesType } from '../types/iptables.type';
import { SysctlType } from '../types/ip-rule.type';
import { RouteType } from '../types/route.type';

@Resolver(() => HostType)
export class HostResolver {
  constructor(@Inject(SnapshotViews) private readonly views: SnapshotViews) {}

  @ResolveField(() => String, { nullable: true, description: '`node`, `pod`, `gateway` or `external`.' })
  role(@Parent() host: HostRecord): string | null {
    return host.meta.role ?? null;
  }

  @ResolveField(() => String, { nullable: true, description: 'For a pod or gateway: the node host it runs on.' })
  node(@Parent() host: HostRecord): string | null {
    return host.meta.node ?? null;
  }

  @ResolveField(() => String, { nullable: true })
  notes(@Parent() host: HostRecord): string | null {
    return host.meta.notes ?? null;
  }

  @ResolveField(() => [RouteType], { nullable: true, description: 'Routes of every table, or of `table` only; null when not captured.' })
  routes(
    @Parent() host: HostRecord,
    @Args('table', { type: () => String, nullable: true, description: '`main`, `local`, `default` or a table id.' })
    table: string | null | undefined,
  ): Route[] | null {
    if (host.routes === null) return null;
    // An argument left out arrives undefined, one given as null arrives null: both mean every table.
    return table === null || table === undefined ? host.routes : host.routes.filter((r) => r.table === table);
  }

  @ResolveField(() => [SysctlType], {
    nullable: true,
    description: 'Sysctls sorted by key: all of them, those starting with `prefix`, and/or those `keys` names.',
  })
  sysctls(
    @Parent() host: HostRecord,
    @Args('prefix', { type: () => String, nullable: true, description: 'Key prefix, e.g. `net.ipv4.conf.eth0.`.' })
    prefix: string | null | undefined,
    @Args('keys', {
      type: () => [String],
      nullable: true,
      description: 'Keys, where `*` stands for one dotted segment: `["net.ipv4.ip_forward", "net.ipv4.conf.*.rp_filter"]`.',
    })
    keys: string[] | null | undefined,
  ): SysctlType[] | null {
    if (host.sysctls === null) return null;
    const selected = keys === null || keys === undefined ? null : sysctlKeyMatcher(keys);
    const start = prefix ?? '';
    return Object.keys(host.sysctls)
      .filter((key) => key.startsWith(start) && (selected === null || selected(key)))
      .sort()
      .map((key) => ({ key, value: (host.sysctls as Record<string, string>)[key] as string }));
  }

  @ResolveField(() => [IpsetType], { nullable: true })
  ipsets(@Parent() host: HostRecord): Ipset[] | null {
    return host.ipsets;
  }

  @ResolveField(() => [ConntrackEntryType], {
    nullable: true,
    description: `The first \`first\` conntrack entries in capture order (default ${LIST_PAGE.defaultSize}, at most ${LIST_PAGE.maxSize}).`,
    complexity: pagedCost(LIST_PAGE),
  })
  conntrack(
    @Parent() host: HostRecord,
    @Args('first', { type: () => Int, nullable: true, defaultValue: LIST_PAGE.defaultSize }) first: number | null,
  ): ConntrackEntry[] | null {
    return host.conntrack === null ? null : host.conntrack.slice(0, clampFirst(first, LIST_PAGE));
  }

  @ResolveField(() => Int, { nullable: true, description: 'How many conntrack entries were captured.' })
  conntrackCount(@Parent() host: HostRecord): number | null {
    return host.conntrack === null ? null : host.conntrack.length;
  }

  @ResolveField(() => IptablesType, { nullable: true, description: 'Null when no iptables ruleset was captured.' })
  iptables(@Parent() host: HostRecord): IptablesSource | null {
    return host.iptables === null ? null : iptablesSource(host, host.iptables);
  }

  @ResolveField(() => [HookPathType], { description: 'Per hook, what a packet meets in this host in priority order.' })
  hookPaths(@Parent() host: HostRecord): Promise<HookPathType[]> {
    return this.views.hookPaths(host.snapshotId, host.name);
  }
}
