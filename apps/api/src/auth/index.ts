export { Public, RequiresScope, IS_PUBLIC_KEY, REQUIRED_SCOPE_KEY } from './auth.decorators';
export { AuthGuard, type AuthenticatedRequest } from './auth.guard';
export { TokenAuthenticator } from './token-authenticator';
