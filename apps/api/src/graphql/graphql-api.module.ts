import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApiTokenRepository, SnapshotRepository } from '@hookpath/data-access';
import { Module, type Provider } from '@nestjs/common';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { TokenAuthenticator } from '../auth/token-authenticator';
import { JobEvents } from '../jobs/job-events';
import { JobsModule } from '../jobs/jobs.module';
import { JobsService } from '../jobs/jobs.service';
import { ReportsModule } from '../reports/reports.module';
import { SnapshotIngestModule } from '../snapshots/snapshot-ingest.module';
import type { GraphqlApiOptions } from './graphql-api.options';
import type { GraphqlContext } from './graphql-context';
import { queryLimitsPlugin } from './limits/query-limits.plugin';
import { RequestLoadersRegistry } from './loaders/request-loaders';
import { GRAPHQL_RESOLVERS } from './resolvers';
import { SnapshotViews } from './snapshot-views';
import { OPTIONAL_GRAPHQL_API_OPTIONS, resolvedGraphqlApiOptions, SnapshotViewsModule } from './snapshot-views.module';
import { graphqlWsContext, graphqlWsOnConnect, type GraphqlWsConnection } from './subscriptions/graphql-ws-auth';
import { graphqlWsLimits } from './subscriptions/graphql-ws-limits';
import { JobProgressFeed } from './subscriptions/job-progress-feed';

export const GRAPHQL_PATH = '/graphql';

const providers: Provider[] = [
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
    SnapshotViewsModule,
    // The report resolver uses its service.
    ReportsModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [ApiTokenRepository, GraphQLSchemaHost, OPTIONAL_GRAPHQL_API_OPTIONS],
      useFactory: (tokens: ApiTokenRepository, schemaHost: GraphQLSchemaHost, options?: GraphqlApiOptions): ApolloDriverConfig => {
        const { maxCost, maxDepth } = resolvedGraphqlApiOptions(options);
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
  exports: [SnapshotViewsModule],
})
export class GraphqlApiModule {}
