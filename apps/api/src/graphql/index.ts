export { GraphqlApiModule, GRAPHQL_PATH } from './graphql-api.module';
export { GRAPHQL_API_OPTIONS, DEFAULT_GRAPHQL_API_OPTIONS, graphqlApiOptionsFromEnv, type GraphqlApiOptions } from './graphql-api.options';
export { SnapshotModelCache, DEFAULT_MODEL_CACHE_CAPACITY, type SnapshotModelLoader } from '@hookpath/data-access';
export { SnapshotViews } from './snapshot-views';
export { DEFAULT_QUERY_LIMITS, QUERY_TOO_COMPLEX, QUERY_TOO_DEEP, type QueryLimits } from './limits/query-limits';
export { buildGraphqlSchema, printGraphqlSchema } from './graphql-schema';
