import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { redactReportLink } from '../reports/report-link';
import type { JsonLogger } from './json-logger';

export const REQUEST_ID_HEADER = 'x-request-id';
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestWithId extends Request {
  requestId?: string;
}

/** Express middleware: assigns a request id (or keeps a sane client one) and logs one line per request. */
export function requestLogger(logger: JsonLogger) {
  return (req: RequestWithId, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const given = req.header(REQUEST_ID_HEADER);
    const requestId = given !== undefined && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    req.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      logger.entry(level, 'request', 'http', {
        method: req.method,
        // A report link's token is its only key: never written to the logs.
        path: redactReportLink(req.originalUrl.split('?')[0] ?? ''),
        status,
        ms: Math.round(ms * 10) / 10,
        requestId,
      });
    });
    next();
  };
}
