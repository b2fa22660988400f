import { randomBytes } from 'node:crypto';
import { hashApiToken } from './api-token';

/** A report link's token: 32 random bytes (256 bits) as base64url, 43 characters of [A-Za-z0-9_-]. */
export const REPORT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new report token. It is shown once, in the link; only its hash is stored. */
export function generateReportToken(): string {
  return randomBytes(32).toString('base64url');
}

/** sha256 hex of the token, as for API tokens: what the database keeps and a link is looked up by. */
export function hashReportToken(token: string): string {
  return hashApiToken(token);
}
