import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_SCOPES = ['read', 'write'] as const;
export type ApiTokenScopeName = (typeof API_TOKEN_SCOPES)[number];

/** Prefix that makes a hookpath token recognisable in logs and secret scanners. */
export const API_TOKEN_PREFIX = 'hpt_';

/** A new random token (256 bits). It is shown once; only its hash is stored. */
export function generateApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** sha256 hex of the token: what the database keeps and what a request's token is looked up by. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
