import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { queryDepth } from './query-depth';
import { QUERY_TOO_COMPLEX, QUERY_TOO_DEEP, type QueryLimits } from './query-limits';

function rejection(message: string, code: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });
}

/** One operation to bound: a query, a mutation, or a subscription received over graphql-ws. */
export interface BoundedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * Why an operation is over the limits (QUERY_TOO_DEEP, QUERY_TOO_COMPLEX, or BAD_USER_INPUT when
 * its cost cannot be estimated), or null when it may run. Every field costs 1; a field with a
 * `complexity` extension (the connections and the lists cut by `first`) costs what its estimator says.
 */
export function queryLimitError(
  { schema, document, operationName, variables }: BoundedOperation,
  limits: QueryLimits,
): GraphQLError | null {
  const depth = queryDepth(document, operationName);
  if (depth > limits.maxDepth) {
    return rejection(`query depth ${depth} exceeds the limit ${limits.maxDepth}: nest fewer fields`, QUERY_TOO_DEEP, {
      depth,
      limit: limits.maxDepth,
    });
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (error) {
    if (error instanceof GraphQLError) {
      return new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
    }
    throw error;
  }
  if (cost > limits.maxCost) {
    return rejection(
      `query cost ${cost} exceeds the limit ${limits.maxCost}: ask for fewer items (smaller \`first\`) or fewer nested fields`,
      QUERY_TOO_COMPLEX,
      { cost, limit: limits.maxCost },
    );
  }
  return null;
}

/** Rejects an operation whose depth or estimated cost is over the limits, after validation and before any resolver runs. */
export function queryLimitsPlugin<TContext extends BaseContext>(limits: QueryLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const error = queryLimitError({ schema, document, operationName: request.operationName, variables: request.variables }, limits);
          if (error !== null) throw error;
        },
      };
    },
  };
}
