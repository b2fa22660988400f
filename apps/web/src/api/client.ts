import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';
import { readToken } from './token';

export const GRAPHQL_PATH = '/graphql';

/** The one GraphQL client of the portal: HTTP for queries and mutations, graphql-ws for job progress. */
export function createApiClient(): Client {
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${GRAPHQL_PATH}`;
  const ws = createWsClient({
    url: wsUrl,
    lazy: true,
    connectionParams: () => {
      const token = readToken();
      return token === null ? {} : { authorization: `Bearer ${token}` };
    },
  });
  return new Client({
    url: GRAPHQL_PATH,
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
    fetchOptions: (): RequestInit => {
      const token = readToken();
      const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
      return { headers };
    },
    requestPolicy: 'cache-and-network',
    // Apollo's CSRF prevention refuses GET queries without a preflight header: queries go by POST, as mutations do.
    preferGetMethod: false,
  });
}
