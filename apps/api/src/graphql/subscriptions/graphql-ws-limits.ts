import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { queryLimitError } from '../limits/query-limits.plugin';
import type { QueryLimits } from '../limits/query-limits';

/** The `subscribe` message of graphql-ws (the parts read here). */
export interface GraphqlWsSubscribePayload {
  readonly query: string;
  readonly operationName?: string | null;
  readonly variables?: Record<string, unknown> | null;
}

/**
 * graphql-ws `onSubscribe`: the depth and cost limits of HTTP operations, which the Apollo plugin
 * cannot see on a socket. An operation over them gets an `error` message and never runs; one that
 * does not parse or validate is answered by graphql-ws as usual.
 */
export function graphqlWsLimits(schema: () => GraphQLSchema, limits: QueryLimits) {
  return (_ctx: unknown, _id: string, payload: GraphqlWsSubscribePayload): readonly GraphQLError[] | undefined => {
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch {
      return undefined;
    }
    const current = schema();
    const invalid = validate(current, document);
    if (invalid.length > 0) return invalid;
    const error = queryLimitError(
      { schema: current, document, operationName: payload.operationName, variables: payload.variables },
      limits,
    );
    return error === null ? undefined : [error];
  };
}
