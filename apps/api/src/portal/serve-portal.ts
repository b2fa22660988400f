import { sep } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Paths the portal never answers: the API's own, and the share-link reports. */
export const NOT_PORTAL_PREFIXES = ['/api', '/graphql', '/health', '/r', '/metrics', '/admin'] as const;

/** Vite names everything under assets/ by its content hash: a changed file is a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html (and any other unhashed file) is revalidated on every load, so a new build is picked up at once. */
const REVALIDATE = 'no-cache';

/** `host` or `host:port` (names, IPv4, bracketed IPv6) as the Host header may carry it. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function isPortalPath(path: string): boolean {
  return !NOT_PORTAL_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Scripts, styles, fonts and images from the portal's own origin only; requests to the API on the
 * same origin, and the graphql-ws subscription on the same host (`ws:`/`wss:` are not covered by
 * 'self' in every browser). Inline styles stay allowed: React and the graph view set them.
 */
export function portalContentSecurityPolicy(host: string | undefined): string {
  const sockets = host !== undefined && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function setSecurityHeaders(req: Request, res: Response): void {
  res.setHeader('Content-Security-Policy', portalContentSecurityPolicy(req.headers.host));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

function plainNotFound(res: Response, message: string): void {
  res.status(404).type('text/plain; charset=utf-8').setHeader('Cache-Control', REVALIDATE);
  res.send(`${message}\n`);
}

/**
 * Serves the portal's static build (apps/web/dist) at `/` as a single-page app: a GET or HEAD
 * outside NOT_PORTAL_PREFIXES gets the file it names, or else index.html, whose router shows the
 * view. A missing file under /assets/ is a 404, not index.html (a stale hashed name must not load
 * HTML as a script). express.static rather than @nestjs/serve-static: no new dependency, and the
 * fallback, cache and security headers are all here, in one place.
 */
export function servePortal(webRoot: string) {
  const assets = `${webRoot}${sep}assets${sep}`;
  const files = express.static(webRoot, {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders: (res, path) => res.setHeader('Cache-Control', path.startsWith(assets) ? IMMUTABLE : REVALIDATE),
  });
  const notBuilt = `hookpath: the portal is not built (${webRoot}${sep}index.html is missing): run \`npm run build\`, or point HOOKPATH_WEB_ROOT at a build`;
  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isPortalPath(req.path)) return next();
    setSecurityHeaders(req, res);
    files(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null) return next(error);
      if (req.path.startsWith('/assets/')) return plainNotFound(res, `hookpath: no file ${req.path} in the portal build`);
      res.sendFile('index.html', { root: webRoot, cacheControl: false, headers: { 'Cache-Control': REVALIDATE } }, (sendError?: Error) => {
        if (sendError === undefined || res.headersSent) return;
        const code = (sendError as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR' || (sendError as { status?: number }).status === 404)
          return plainNotFound(res, notBuilt);
        next(sendError);
      });
    });
  };
}
