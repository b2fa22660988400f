import { json, type NextFunction, type Request, type Response } from 'express';
import { ApiException } from './api.exception';

const MiB = 1024 * 1024;

function errorType(error: unknown): string | undefined {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}

/**
 * express.json with the upload limit; its errors become API errors with stable codes (the limit
 * is enforced while the body streams in, before it is buffered whole).
 */
export function jsonBodyParser(limitBytes: number) {
  const parse = json({ limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction): void => {
    parse(req, res, (error?: unknown) => {
      if (error === undefined || error === null) return next();
      const type = errorType(error) ?? 'unknown';
      switch (type) {
        case 'entity.too.large':
          return next(
            new ApiException('PAYLOAD_TOO_LARGE', `the request body is larger than ${(limitBytes / MiB).toFixed(0)} MiB`, {
              fix: 'upload a .tar.gz as multipart field `file` (much smaller than JSON), or raise HOOKPATH_MAX_UPLOAD_BYTES',
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
