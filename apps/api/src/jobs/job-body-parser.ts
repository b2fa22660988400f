import { json, type NextFunction, type Request, type Response } from 'express';
import { ApiException } from '../errors/api.exception';
import { JOB_RESOURCES } from './job-query';

const MiB = 1024 * 1024;

/** Paths whose JSON bodies are job requests (a batch of 100,000 flows is about 12 MiB). */
export const JOB_REQUEST_PATHS = Object.values(JOB_RESOURCES).map((resource) => `/${resource}`);

function errorType(error: unknown): string | undefined {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}

/**
 * express.json for job requests with their own limit (HOOKPATH_MAX_REQUEST_BYTES), enforced while
 * the body streams in. Mounted on JOB_REQUEST_PATHS ahead of the general JSON parser, which then
 * leaves the parsed body alone.
 */
export function jobBodyParser(limitBytes: number) {
  const parse = json({ limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction): void => {
    parse(req, res, (error?: unknown) => {
      if (error === undefined || error === null) return next();
      const type = errorType(error) ?? 'unknown';
      switch (type) {
        case 'entity.too.large':
          return next(
            new ApiException('PAYLOAD_TOO_LARGE', `the job request is larger than ${(limitBytes / MiB).toFixed(0)} MiB`, {
              fix: 'split the flows into several batches, use `generators` instead of listing flows, or raise HOOKPATH_MAX_REQUEST_BYTES',
            }),
          );
        case 'entity.parse.failed':
          return next(new ApiException('INVALID_JSON', `the request body is not valid JSON: ${(error as Error).message}`));
        default:
          return next(new ApiException('BAD_REQUEST', error instanceof Error ? error.message : String(error)));
      }
    });
  };
}
