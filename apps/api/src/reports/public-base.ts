import type { Request } from 'express';
import { ApiException } from '../errors/api.exception';

/** `host` or `host:port` (names, IPv4, bracketed IPv6), as the Host header may carry it. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function first(value: string | string[] | undefined): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return one?.split(',')[0]?.trim();
}

/**
 * The base of the links handed out: HOOKPATH_PUBLIC_URL when set, else the scheme and host the
 * client reached (X-Forwarded-Proto from a proxy in front, else the connection's; the Host header).
 */
export function publicBase(configured: string | undefined, req: Pick<Request, 'headers' | 'protocol'>): string {
  if (configured !== undefined) return configured.replace(/\/+$/, '');
  const forwarded = first(req.headers['x-forwarded-proto'])?.toLowerCase();
  const scheme = forwarded === 'http' || forwarded === 'https' ? forwarded : req.protocol === 'https' ? 'https' : 'http';
  const host = first(req.headers.host);
  if (host === undefined || !HOST.test(host)) {
    throw new ApiException('BAD_REQUEST', 'the request has no usable Host header to build the report link from', {
      fix: 'send a Host header, or set HOOKPATH_PUBLIC_URL on the server',
    });
  }
  return `${scheme}://${host}`;
}
