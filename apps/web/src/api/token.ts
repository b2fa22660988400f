// The portal authenticates as every API client does: with an API token (`hookpath token create`),
// kept in this browser's localStorage and sent as `Authorization: Bearer <token>`.
const KEY = 'hookpath.token';

export function readToken(): string | null {
  return window.localStorage.getItem(KEY);
}

export function writeToken(token: string | null): void {
  if (token === null || token.trim() === '') window.localStorage.removeItem(KEY);
  else window.localStorage.setItem(KEY, token.trim());
}
