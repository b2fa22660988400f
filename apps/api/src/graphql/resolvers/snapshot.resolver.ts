import type { HostRecord, SnapshotCaptured, SnapshotRecord } from '@hookpath/data-access';
import { SnapshotRepository } from '@hookpath/data-access';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphqlContext } from '../graphql-context';
import { RequestLoadersRegistry } from '../loaders/request-loaders';
import { readPage } from '../pagination/cursor-error';
import { snapshotCursor } from '../pagination/snapshot-cursor';
import { CONNECTION_PAGE, clampFirst, pagedCost } from '../pagination/page-size';
import { SnapshotViews } from '../snapshot-views';
import { HookPathType } from '../types/hook-path.type';
import { HostType } from '../types/host.type';
import { NatTableType } from '../types/nat-table.type';
import type { OvnTopologySource } from '../ovn/ovn-view';
import { OvnTopologyType } from '../types/ovn-tables.type';
import { SnapshotCapturedType, SnapshotConnectionType, SnapshotType } from '../types/snapshot.type';
import { TopologyType } from '../types/topology.type';

@Resolver(() => SnapshotType)
export class SnapshotResolver {
  constructor(
    @Inject(SnapshotRepository) private readonly repository: SnapshotRepository,
    @Inject(RequestLoadersRegistry) private readonly loaders: RequestLoadersRegistry,
    @Inject(SnapshotViews) private readonly views: SnapshotViews,
  ) {}

  @Query(() => SnapshotConnectionType, {
    description: `Snapshots, newest first. \`first\` defaults to ${CONNECTION_PAGE.defaultSize} and is capped at ${CONNECTION_PAGE.maxSize}.`,
    complexity: pagedCost(CONNECTION_PAGE),
  })
  async snapshots(
    @Args('first', { type: () => Int, nullable: true, defaultValue: CONNECTION_PAGE.defaultSize }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page (of the same `search`).' })
    after: string | null | undefined,
    @Args('search', {
      type: () => String,
      nullable: true,
      description: 'Only snapshots whose name, cluster or description contains this text, case-insensitive; blank: all.',
    })
    search: string | null | undefined,
  ): Promise<SnapshotConnectionType> {
    const page = await readPage(() => this.repository.list({ first: clampFirst(first, CONNECTION_PAGE), after, search }));
    return {
      edges: page.items.map((node) => ({ cursor: snapshotCursor(node), node: node as SnapshotType })),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    };
  }

  @Query(() => SnapshotType, { nullable: true, description: 'One snapshot by id; null when there is none.' })
  async snapshot(@Args('id', { type: () => ID }) id: string): Promise<SnapshotType | null> {
    return (await this.repository.get(id)) as SnapshotType | null;
  }

  @ResolveField(() => Int, { description: 'How many hosts (network namespaces) it has.' })
  hostCount(@Parent() snapshot: SnapshotRecord): number {
    return snapshot.hostNames.length;
  }

  @ResolveField(() => SnapshotCapturedType)
  captured(@Parent() snapshot: SnapshotRecord, @Context() context: GraphqlContext): Promise<SnapshotCaptured> {
    return this.loaders.of(context).capturedBySnapshot.load(snapshot.id);
  }

  @ResolveField(() => [HostType])
  hosts(@Parent() snapshot: SnapshotRecord, @Context() context: GraphqlContext): Promise<HostRecord[]> {
    return this.loaders.of(context).hostsBySnapshot.load(snapshot.id);
  }

  @ResolveField(() => HostType, { nullable: true })
  async host(
    @Parent() snapshot: SnapshotRecord,
    @Args('name') name: string,
    @Context() context: GraphqlContext,
  ): Promise<HostRecord | null> {
    const hosts = await this.loaders.of(context).hostsBySnapshot.load(snapshot.id);
    return hosts.find((h) => h.name === name) ?? null;
  }

  @ResolveField(() => TopologyType)
  topology(@Parent() snapshot: SnapshotRecord): TopologyType {
    return {
      links: snapshot.topology.links.map(([a, b]) => ({ a, b })),
      segments: snapshot.topology.segments,
    };
  }

  @ResolveField(() => [HookPathType], {
    description: 'Per host and hook, what a packet meets in priority order. With `host`, that host only.',
  })
  hookPaths(
    @Parent() snapshot: SnapshotRecord,
    @Args('host', { type: () => String, nullable: true }) host: string | null,
  ): Promise<HookPathType[]> {
    return this.views.hookPaths(snapshot.id, host);
  }

  @ResolveField(() => NatTableType, {
    description: 'Every DNAT, SNAT, MASQUERADE and REDIRECT rule, every IPVS service, and every OVN NAT row and load balancer VIP.',
  })
  async natTable(@Parent() snapshot: SnapshotRecord): Promise<NatTableType> {
    return (await this.views.natTable(snapshot.id)) ?? { rules: [], ipvs: [], ovn: [] };
  }

  @ResolveField(() => OvnTopologyType, {
    nullable: true,
    description:
      'The OVN logical topology (switches, routers, NAT, load balancers, ACLs, port groups, address sets) with the kube-ovn object behind each row; null when the snapshot has no ovn/.',
  })
  ovn(@Parent() snapshot: SnapshotRecord, @Context() context: GraphqlContext): Promise<OvnTopologySource | null> {
    return this.loaders.of(context).ovnBySnapshot.load(snapshot.id);
  }
}
