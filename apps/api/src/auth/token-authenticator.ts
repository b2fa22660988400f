import { Injectable } from '@nestjs/common';
import { hashApiToken } from '@hookpath/contracts';
import { ApiTokenRepository, type ApiTokenRecord } from '@hookpath/data-access';
import { ApiException } from '../errors/api.exception';

/** `lastUsedAt` is written at most this often per token, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

const CREATE_TOKEN_FIX = 'send `Authorization: Bearer <token>`; create one with `hookpath token create --name <name> --scope read|write`';

/** Resolves an `Authorization` header to a stored API token, or throws 401 with code UNAUTHENTICATED. */
@Injectable()
export class TokenAuthenticator {
  constructor(private readonly tokens: ApiTokenRepository) {}

  async authenticate(authorization: string | undefined): Promise<ApiTokenRecord> {
    const token = authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (token === undefined) {
      throw new ApiException('UNAUTHENTICATED', 'an API token is required', { fix: CREATE_TOKEN_FIX });
    }
    const record = await this.tokens.findByHash(hashApiToken(token));
    if (record === null) {
      throw new ApiException('UNAUTHENTICATED', 'the API token is not valid', { fix: CREATE_TOKEN_FIX });
    }
    const now = Date.now();
    if (record.lastUsedAt === null || now - record.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      // Best effort: a failed timestamp update must not fail the request.
      this.tokens.touch(record.id, new Date(now)).catch(() => undefined);
    }
    return record;
  }
}
