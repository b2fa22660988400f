import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { ApiTokenRecord, ApiTokenScope } from '@hookpath/data-access';
import type { Request } from 'express';
import { ApiException } from '../errors/api.exception';
import { IS_PUBLIC_KEY, REQUIRED_SCOPE_KEY } from './auth.decorators';
import { TokenAuthenticator } from './token-authenticator';

export interface AuthenticatedRequest extends Request {
  apiToken?: ApiTokenRecord;
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** The HTTP request behind a REST call or a GraphQL operation. */
function requestOf(context: ExecutionContext): AuthenticatedRequest | undefined {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req?: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

function hasScope(granted: ApiTokenScope, required: ApiTokenScope): boolean {
  switch (required) {
    case 'read':
      return true;
    case 'write':
      return granted === 'write';
  }
}

/**
 * Global guard: every controller route and every GraphQL root field needs a valid API token,
 * unless marked @Public(); @RequiresScope('write') additionally needs the write scope.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: TokenAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets) === true) return true;
    if (context.getType<string>() === 'graphql') {
      // Field resolvers run inside an operation whose root field was already authorised.
      const parent = GqlExecutionContext.create(context).getInfo<{ parentType?: { name?: string } } | undefined>()?.parentType?.name;
      if (parent !== undefined && !ROOT_TYPES.has(parent)) return true;
    }
    const req = requestOf(context);
    const record = req?.apiToken ?? (await this.authenticator.authenticate(req?.headers.authorization));
    if (req !== undefined) req.apiToken = record;
    const required = this.reflector.getAllAndOverride<ApiTokenScope | undefined>(REQUIRED_SCOPE_KEY, targets) ?? 'read';
    if (!hasScope(record.scope, required)) {
      throw new ApiException(
        'INSUFFICIENT_SCOPE',
        `this operation needs a token with the ${required} scope; "${record.name}" has ${record.scope}`,
        {
          fix: 'use a token created with `--scope write`',
        },
      );
    }
    return true;
  }
}
