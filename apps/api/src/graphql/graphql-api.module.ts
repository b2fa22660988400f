import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApiTokenRepository, SnapshotRepository } from '@hookpath/data-access';
import { forwardRef, Module, type Provider } from '@nestjs/common';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { TokenAuthenticator } from '../auth/token-authenticator';
import { JobEvents } from '../jobs/job-events';
import { JobsModule } from '../jobs/jobs.module';
import { JobsService } from '../jobs/jobs.service';
import { ReportsModule } from '../reports/reports.module';
import { SnapshotIngestModule } from '../snapshots/snapshot-ingest.module';
import { GRAPHQL_API_OPTIONS, graphqlApiOptionsFromEnv, type GraphqlApiOptions } from './graphql-api.options';
import type { GraphqlContext } from './graphql-context';
import { queryLimitsPlugin } from './limits/query-limits.plugin';
import { RequestLoadersRegistry } from './loaders/request-loaders';
import { GRAPHQL_RESOLVERS } from './resolvers';
import { SnapshotModelCache } from '@hookpath/data-access';
import { SnapshotViews } from './snapshot-views';
import { graphqlWsContext, graphqlWsOnConnect, type GraphqlWsConnection } from './subscriptions/graphql-ws-auth';
import { graphqlWsLimits } from './subscriptions/graphql-ws-limits';
import { JobProgressFeed } from './subscriptions/job-progress-feed';
import { withKubeObjects } from './ovn/kube-objects';

export const GRAPHQL_PATH = '/graphql';

/** Options from the GRAPHQL_API_OPTIONS provider when one is registered globally, else from the environment. */
const resolvedOptions = (options: GraphqlApiOptions | undefined): GraphqlApiOptions => options ?? graphqlApiOptionsFromEnv(process.env);

const OPTIONAL_OPTIONS = { token: GRAPHQL_API_OPTIONS, optional: true } as const;

const providers: Provider[] = [
  {
    provide: SnapshotModelCache,
    inject: [SnapshotRepository, OPTIONAL_OPTIONS],
    useFactory: (snapshots: SnapshotRepository, options?: GraphqlApiOptions) =>
      new SnapshotModelCache(
        async (id) => withKubeObjects(await snapshots.loadModel(id), id, snapshots),
        resolvedOptions(options).modelCacheCapacity,
      ),
  },
  { provide: SnapshotViews, inject: [SnapshotModelCache], useFactory: (models: SnapshotModelCache) => new SnapshotViews(models) },
  {
    provide: RequestLoadersRegistry,
    inject: [SnapshotRepository, SnapshotViews],
    useFactory: (snapshots: SnapshotRepository, views: SnapshotViews) => new RequestLoadersRegistry(snapshots, views),
  },
  {
    provide: JobProgressFeed,
    inject: [JobsService, JobEvents],
    // JobsModule's one Redis subscriber of job events.
    useFactory: (service: JobsService, events: JobEvents) => new JobProgressFeed(service, events),
  },
  ...GRAPHQL_RESOLVERS,
];

type HttpContextInput = { req: Request; res: Response };

/**
 * The GraphQL API at /graphql (code-first; the schema is built in memory and sorted, and
 * apps/api/schema.graphql is its committed copy). Every operation passes the application's global
 * auth guard; depth and cost are bounded before execution. Subscriptions use graphql-ws on the
 * same path (WebSocket upgrade), authenticated at `connection_init` and bounded by the same limits.
 */
@Module({
  imports: [
    JobsModule,
    SnapshotIngestModule,
    // ReportsModule reads the model cache and views exported here; the report resolver uses its service.
    forwardRef(() => ReportsModule),
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [ApiTokenRepository, GraphQLSchemaHost, OPTIONAL_OPTIONS],
      useFactory: (tokens: ApiTokenRepository, schemaHost: GraphQLSchemaHost, options?: GraphqlApiOptions): ApolloDriverConfig => {
        const { maxCost, maxDepth } = resolvedOptions(options);
        return {
          path: GRAPHQL_PATH,
          autoSchemaFile: true,
          sortSchema: true,
          includeStacktraceInErrorResponses: false,
          // Apollo passes the HTTP request; graphql-ws passes its connection context.
          context: (input: HttpContextInput | GraphqlWsConnection): GraphqlContext & { res?: Response } =>
            'extra' in input ? graphqlWsContext(input) : { req: input.req, res: input.res },
          plugins: [queryLimitsPlugin({ maxCost, maxDepth })],
          subscriptions: {
            'graphql-ws': {
              path: GRAPHQL_PATH,
              onConnect: graphqlWsOnConnect(new TokenAuthenticator(tokens)),
              // The schema exists once the module has started, before any socket opens.
              onSubscribe: graphqlWsLimits(() => schemaHost.schema, { maxCost, maxDepth }),
            },
          },
        };
      },
    }),
  ],
  providers,
  exports: [SnapshotModelCache, SnapshotViews],
})
export class GraphqlApiModule {}
