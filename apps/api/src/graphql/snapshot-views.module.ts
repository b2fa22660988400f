import { SnapshotModelCache, SnapshotRepository } from '@hookpath/data-access';
import { Module } from '@nestjs/common';
import { parseStoredSnapshot } from '@hookpath/parsers';
import { unpackFile } from '@hookpath/snapshot-io';
import { GRAPHQL_API_OPTIONS, graphqlApiOptionsFromEnv, type GraphqlApiOptions } from './graphql-api.options';
import { SnapshotViews } from './snapshot-views';

/** Options from the GRAPHQL_API_OPTIONS provider when one is registered globally, else from the environment. */
export const resolvedGraphqlApiOptions = (options: GraphqlApiOptions | undefined): GraphqlApiOptions =>
  options ?? graphqlApiOptionsFromEnv(process.env);

export const OPTIONAL_GRAPHQL_API_OPTIONS = { token: GRAPHQL_API_OPTIONS, optional: true } as const;

/**
 * The snapshot models kept in memory (read from the stored files, iptables rules when first asked
 * for) and the views read from them: the hook paths, the NAT table, the OVN topology and the
 * iptables chains and rules. One cache for
 * the GraphQL resolvers (GraphqlApiModule) and the shared reports (ReportsModule), which both import
 * this module rather than each other.
 */
@Module({
  providers: [
    {
      provide: SnapshotModelCache,
      inject: [SnapshotRepository, OPTIONAL_GRAPHQL_API_OPTIONS],
      useFactory: (snapshots: SnapshotRepository, options?: GraphqlApiOptions) =>
        new SnapshotModelCache(
          async (id) => parseStoredSnapshot((await snapshots.loadFiles(id))?.map(unpackFile) ?? null),
          resolvedGraphqlApiOptions(options).modelCacheCapacity,
        ),
    },
    { provide: SnapshotViews, inject: [SnapshotModelCache], useFactory: (models: SnapshotModelCache) => new SnapshotViews(models) },
  ],
  exports: [SnapshotModelCache, SnapshotViews],
})
export class SnapshotViewsModule {}
