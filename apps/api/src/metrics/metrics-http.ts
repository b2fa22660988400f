import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ApiMetrics } from './api-metrics';

export const METRICS_PATH = '/metrics';

/** Paths served by middleware rather than routes, reported under their prefix. */
const MOUNTS = ['/graphql', '/admin/queues', '/r/', METRICS_PATH];

/** A route's pattern (`/api/v1/snapshots/:id`), never the raw path, so labels stay few. */
function routeOf(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route;
  if (route !== undefined && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  const path = req.originalUrl.split('?')[0] ?? '';
  return MOUNTS.find((mount) => path.startsWith(mount)) ?? 'other';
}

/** Express middleware: counts and times every request once it is answered. */
export function httpMetrics(metrics: ApiMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      end(labels);
      metrics.httpRequests.inc(labels);
    });
    next();
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics in Prometheus' text format. Open unless HOOKPATH_METRICS_TOKEN is set; then it needs
 * `Authorization: Bearer <that token>` (API tokens do not open it, so a scraper holds no API access).
 */
export function metricsEndpoint(metrics: ApiMetrics, token: string | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' || req.path !== '/') {
      next();
      return;
    }
    if (token !== undefined && !sameSecret(req.headers.authorization ?? '', `Bearer ${token}`)) {
      res.status(401).setHeader('www-authenticate', 'Bearer');
      res.json({
        error: {
          code: 'UNAUTHENTICATED',
          message: 'GET /metrics needs the metrics token',
          fix: 'send Authorization: Bearer $HOOKPATH_METRICS_TOKEN',
        },
      });
      return;
    }
    metrics.registry.metrics().then(
      (text) => {
        res.setHeader('content-type', metrics.registry.contentType);
        res.send(text);
      },
      (error: unknown) => next(error),
    );
  };
}
