import { SetMetadata } from '@nestjs/common';
import type { ApiTokenScope } from '@hookpath/data-access';

export const IS_PUBLIC_KEY = 'hookpath:public';
export const REQUIRED_SCOPE_KEY = 'hookpath:required-scope';

/** The route or resolver needs no token (health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** The token must have this scope; without the decorator, any valid token (`read`) is enough. */
export const RequiresScope = (scope: ApiTokenScope) => SetMetadata(REQUIRED_SCOPE_KEY, scope);
