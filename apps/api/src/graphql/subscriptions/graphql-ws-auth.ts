import type { IncomingMessage } from 'node:http';
import type { AuthenticatedRequest } from '../../auth/auth.guard';
import type { TokenAuthenticator } from '../../auth/token-authenticator';
import { ApiException } from '../../errors/api.exception';
import type { GraphqlContext } from '../graphql-context';

/** What graphql-ws tells the hooks about one socket (its `Context`, the parts read here). */
export interface GraphqlWsConnection {
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  /** With graphql-ws/use/ws: `{ socket, request }`, the request being the HTTP upgrade. */
  extra: unknown;
}

/** The HTTP upgrade request of a graphql-ws socket; it carries the token found in `connection_init`. */
function upgradeRequestOf(extra: unknown): (IncomingMessage & Pick<AuthenticatedRequest, 'apiToken'>) | undefined {
  if (typeof extra !== 'object' || extra === null || !('request' in extra)) return undefined;
  return (extra as { request: IncomingMessage }).request;
}

/**
 * The `Authorization` value a client sent in `connection_init`: `{ authorization: 'Bearer hpt_...' }`
 * (the header browsers cannot set on a WebSocket), or the bare token as `{ token: 'hpt_...' }`.
 */
export function connectionAuthorization(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const authorization = params?.['authorization'] ?? params?.['Authorization'];
  if (typeof authorization === 'string') return authorization;
  const token = params?.['token'];
  return typeof token === 'string' ? `Bearer ${token}` : undefined;
}

/**
 * graphql-ws `onConnect`: the socket is acknowledged only with a valid API token (any scope);
 * with none or an unknown one graphql-ws closes it with 4403 Forbidden before any operation. The token record is kept
 * on the upgrade request, where the AuthGuard finds it as it finds the one of an HTTP request.
 */
export function graphqlWsOnConnect(authenticator: TokenAuthenticator) {
  return async (ctx: GraphqlWsConnection): Promise<boolean> => {
    const request = upgradeRequestOf(ctx.extra);
    if (request === undefined) return false;
    try {
      request.apiToken = await authenticator.authenticate(connectionAuthorization(ctx.connectionParams));
      return true;
    } catch (error) {
      // Any other failure (Postgres away) is not the client's: graphql-ws closes with 4500.
      if (error instanceof ApiException && error.code === 'UNAUTHENTICATED') return false;
      throw error;
    }
  };
}

/** The operation context of a subscription: the upgrade request in place of the HTTP one. */
export function graphqlWsContext(ctx: GraphqlWsConnection): GraphqlContext {
  return { req: upgradeRequestOf(ctx.extra) };
}
