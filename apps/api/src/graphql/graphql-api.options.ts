import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './limits/query-limits';
import { DEFAULT_MODEL_CACHE_CAPACITY } from '@hookpath/data-access';

export interface GraphqlApiOptions extends QueryLimits {
  /** Snapshot models kept in memory for GraphQL and the reports (chains and rules, hook paths, NAT table, OVN). */
  modelCacheCapacity: number;
}

/** Provide this token (in a global module) to configure GraphqlApiModule; otherwise the environment does. */
export const GRAPHQL_API_OPTIONS = Symbol('GRAPHQL_API_OPTIONS');

export const DEFAULT_GRAPHQL_API_OPTIONS: GraphqlApiOptions = {
  ...DEFAULT_QUERY_LIMITS,
  modelCacheCapacity: DEFAULT_MODEL_CACHE_CAPACITY,
};

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

/** GRAPHQL_MAX_COST, GRAPHQL_MAX_DEPTH and GRAPHQL_MODEL_CACHE_SIZE, each defaulting as documented. */
export function graphqlApiOptionsFromEnv(env: NodeJS.ProcessEnv): GraphqlApiOptions {
  return {
    maxCost: positiveInteger(env, 'GRAPHQL_MAX_COST', DEFAULT_GRAPHQL_API_OPTIONS.maxCost),
    maxDepth: positiveInteger(env, 'GRAPHQL_MAX_DEPTH', DEFAULT_GRAPHQL_API_OPTIONS.maxDepth),
    modelCacheCapacity: positiveInteger(env, 'GRAPHQL_MODEL_CACHE_SIZE', DEFAULT_GRAPHQL_API_OPTIONS.modelCacheCapacity),
  };
}
