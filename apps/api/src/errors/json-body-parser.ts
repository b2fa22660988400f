import { json, type NextFunction, type Request, type Response } from 'express';
import { ApiException } from './api.exception';

const MiB = 1024 * 1024;

function errorType(error: unknown): string | undefined {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}

/** What a body over the limit is, and what the client can do about it. */
export interface BodyLimit {
  bytes: number;
  /** "the request body", "the job request" */
  what: string;
  fix: string;
}

/**
 * express.json with a size limit; its errors become API errors with stable codes (the limit is
 * enforced while the body streams in, before it is buffered whole).
 */
export function jsonBodyParser(limit: BodyLimit) {
  const limitBytes = limit.bytes;
  const parse = json({ limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction): void => {
    parse(req, res, (error?: unknown) => {
      if (error === undefined || error === null) return next();
      const type = errorType(error) ?? 'unknown';
      switch (type) {
        case 'entity.too.large':
          return next(
            new ApiException('PAYLOAD_TOO_LARGE', `${limit.what} is larger than ${(limitBytes / MiB).toFixed(0)} MiB`, { fix: limit.fix }),
          );
        case 'entity.parse.failed':
          return next(new ApiException('INVALID_JSON', `the request body is not valid JSON: ${(error as Error).message}`));
        default:
          return next(new ApiException('BAD_REQUEST', error instanceof Error ? error.message : String(error)));
      }
    });
  };
}
