import type { ApiTokenRecord } from '@hookpath/data-access';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { TokenAuthenticator } from '../auth/token-authenticator';
import { ApiException } from '../errors/api.exception';
import { toErrorResponse } from '../errors/error-response';
import type { RequestWithId } from '../logging/request-logger';
import { QUEUE_BOARD_PATH } from './queue-board';

export const BOARD_COOKIE = 'hookpath_board';
const COOKIE_MAX_AGE_S = 12 * 3600;

/**
 * Only for the board's own pages: Bull Board's scripts and styles are files of its own, its
 * configuration is a JSON script block, and it sets inline styles. Fonts from third parties stay
 * blocked (the board falls back to the system's). The portal's policy is untouched.
 */
export const QUEUE_BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hookpath queues: sign in</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:4rem auto">
<h1>hookpath queues</h1>
<p>The queue dashboard needs an API token with the write scope (<code>hookpath token create --name ops --scope write</code>).
It is kept in an HttpOnly cookie for this path only, for 12 hours.</p>
<form method="post" action="${QUEUE_BOARD_PATH}/login">
<label>Token <input name="token" type="password" autocomplete="off" required style="width:100%"></label>
<p><button type="submit">Open the dashboard</button></p>
</form></body></html>
`;

function cookieToken(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === BOARD_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function wantsPage(req: Request): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
}

async function writeScoped(authenticator: TokenAuthenticator, token: string | undefined): Promise<ApiTokenRecord> {
  const record = await authenticator.authenticate(token === undefined ? undefined : `Bearer ${token}`);
  if (record.scope !== 'write') {
    throw new ApiException(
      'INSUFFICIENT_SCOPE',
      `the queue dashboard needs a token with the write scope; "${record.name}" has ${record.scope}`,
      {
        fix: 'use a token created with `--scope write`',
      },
    );
  }
  return record;
}

/**
 * In front of Bull Board: its own CSP on every response under /admin/queues, a sign-in page that
 * keeps a write-scoped token in an HttpOnly, SameSite=Strict cookie for this path, and a check of
 * that token (or an `Authorization: Bearer` header) on every request, pages and board API alike.
 * A browser without a token is sent to the sign-in page; anything else gets the API's 401 or 403.
 */
export function queueBoardAccess(authenticator: TokenAuthenticator): express.Router {
  const router = express.Router();
  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', QUEUE_BOARD_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  router.get('/login', (_req: Request, res: Response) => {
    res.type('html').send(LOGIN_PAGE);
  });
  router.post('/login', express.urlencoded({ extended: false, limit: '4kb' }), (req: Request, res: Response, next: NextFunction) => {
    const token =
      typeof (req.body as { token?: unknown } | undefined)?.token === 'string' ? (req.body as { token: string }).token : undefined;
    writeScoped(authenticator, token).then(
      () => {
        const secure = req.secure ? '; Secure' : '';
        res.setHeader(
          'Set-Cookie',
          `${BOARD_COOKIE}=${encodeURIComponent(token ?? '')}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${COOKIE_MAX_AGE_S}${secure}`,
        );
        res.redirect(303, `${QUEUE_BOARD_PATH}/`);
      },
      (error: unknown) => next(error),
    );
  });
  router.use((req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const bearer = header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const token = bearer ?? cookieToken(req);
    if (token === undefined && wantsPage(req)) {
      res.redirect(303, `${QUEUE_BOARD_PATH}/login`);
      return;
    }
    writeScoped(authenticator, token).then(
      () => next(),
      (error: unknown) => next(error),
    );
  });
  router.use((thrown: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(thrown);
    const mapped = toErrorResponse(thrown, { maxUploadBytes: 0 });
    if (mapped.unexpected) return next(thrown);
    const requestId = (req as RequestWithId).requestId;
    res.status(mapped.status).json(requestId === undefined ? mapped.body : { error: { ...mapped.body.error, requestId } });
  });
  return router;
}
