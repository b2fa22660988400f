import type { NextFunction, Response } from 'express';
import type { AuthenticatedRequest } from './auth.guard';
import type { TokenAuthenticator } from './token-authenticator';

/**
 * Every request to /graphql needs a valid token before Apollo sees it: operations that reach no
 * resolver (introspection, `__typename`) would otherwise pass without one. Scopes are still
 * checked per root field by the AuthGuard, which reuses the token found here.
 */
export function graphqlTokenMiddleware(authenticator: TokenAuthenticator) {
  return (req: AuthenticatedRequest, _res: Response, next: NextFunction): void => {
    authenticator.authenticate(req.headers.authorization).then(
      (record) => {
        req.apiToken = record;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
