import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { pinoHttp } from 'pino-http';
import { redactReportLink } from '../reports/report-link';
import type { JsonLogger } from './json-logger';

export const REQUEST_ID_HEADER = 'x-request-id';
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestWithId extends Request {
  requestId?: string;
}

function requestPath(req: IncomingMessage): string {
  const url = (req as Partial<Request>).originalUrl ?? req.url ?? '';
  // A report link's token is its only key: never written to the logs.
  return redactReportLink(url.split('?')[0] ?? '');
}

/**
 * pino-http: assigns a request id (or keeps a sane client one), answers it in x-request-id, gives the
 * request a child logger (`req.log`) carrying it, and logs one line per request. Headers (and so the
 * bearer token) are not logged; the query string is left out.
 */
export function requestLogger(logger: JsonLogger) {
  return pinoHttp({
    logger: logger.pino,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers[REQUEST_ID_HEADER];
      const requestId = typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
      (req as RequestWithId).requestId = requestId;
      res.setHeader(REQUEST_ID_HEADER, requestId);
      return requestId;
    },
    customAttributeKeys: { responseTime: 'ms' },
    customProps: (req: IncomingMessage) => ({ context: 'http', requestId: (req as RequestWithId).requestId }),
    customLogLevel: (_req, res, error) =>
      error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
    serializers: {
      req: (req: { raw: IncomingMessage; method: string }) => ({ method: req.method, path: requestPath(req.raw) }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
