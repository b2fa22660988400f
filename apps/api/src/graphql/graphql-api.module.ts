import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { SnapshotRepository } from '@hookpath/data-access';
import { Module, type Provider } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { JobsModule } from '../jobs/jobs.module';
import { GRAPHQL_API_OPTIONS, graphqlApiOptionsFromEnv, type GraphqlApiOptions } from './graphql-api.options';
import type { GraphqlContext } from './graphql-context';
import { queryLimitsPlugin } from './limits/query-limits.plugin';
import { RequestLoadersRegistry } from './loaders/request-loaders';
import { GRAPHQL_RESOLVERS } from './resolvers';
import { SnapshotModelCache } from '@hookpath/data-access';
import { SnapshotViews } from './snapshot-views';

export const GRAPHQL_PATH = '/graphql';

/** Options from the GRAPHQL_API_OPTIONS provider when one is registered globally, else from the environment. */
const resolvedOptions = (options: GraphqlApiOptions | undefined): GraphqlApiOptions => options ?? graphqlApiOptionsFromEnv(process.env);

const OPTIONAL_OPTIONS = { token: GRAPHQL_API_OPTIONS, optional: true } as const;

const providers: Provider[] = [
  {
    provide: SnapshotModelCache,
    inject: [SnapshotRepository, OPTIONAL_OPTIONS],
    useFactory: (snapshots: SnapshotRepository, options?: GraphqlApiOptions) =>
      new SnapshotModelCache((id) => snapshots.loadModel(id), resolvedOptions(options).modelCacheCapacity),
  },
  { provide: SnapshotViews, inject: [SnapshotModelCache], useFactory: (models: SnapshotModelCache) => new SnapshotViews(models) },
  {
    provide: RequestLoadersRegistry,
    inject: [SnapshotRepository],
    useFactory: (snapshots: SnapshotRepository) => new RequestLoadersRegistry(snapshots),
  },
  ...GRAPHQL_RESOLVERS,
];

/**
 * The GraphQL API at /graphql (code-first; the schema is built in memory and sorted, and
 * apps/api/schema.graphql is its committed copy). Every operation passes the application's global
 * auth guard; depth and cost are bounded before execution.
 */
@Module({
  imports: [
    JobsModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [OPTIONAL_OPTIONS],
      useFactory: (options?: GraphqlApiOptions): ApolloDriverConfig => {
        const { maxCost, maxDepth } = resolvedOptions(options);
        return {
          path: GRAPHQL_PATH,
          autoSchemaFile: true,
          sortSchema: true,
          includeStacktraceInErrorResponses: false,
          context: ({ req, res }: { req: Request; res: Response }): GraphqlContext & { res: Response } => ({ req, res }),
          plugins: [queryLimitsPlugin({ maxCost, maxDepth })],
        };
      },
    }),
  ],
  providers,
  exports: [SnapshotModelCache, SnapshotViews],
})
export class GraphqlApiModule {}
