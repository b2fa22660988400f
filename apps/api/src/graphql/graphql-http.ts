import type { UploadLimits } from '@hookpath/snapshot-io';
import type { NextFunction, Request, Response } from 'express';
import { toErrorResponse } from '../errors/error-response';
import { jsonBodyParser } from '../errors/json-body-parser';
import type { JsonLogger } from '../logging/json-logger';
import type { RequestWithId } from '../logging/request-logger';

const MiB = 1024 * 1024;

/** Room for the query text, the variables other than the upload, and JSON's own syntax. */
const ENVELOPE_BYTES = MiB;

/**
 * The largest GraphQL request body: an `uploadSnapshot` whose archive is as large as
 * HOOKPATH_MAX_UPLOAD_BYTES allows, base64-encoded (4 bytes for every 3), plus the envelope. The
 * archive itself is then checked against HOOKPATH_MAX_UPLOAD_BYTES, the files against the unpacked
 * limit, as REST checks them.
 */
export function graphqlBodyLimitBytes(limits: Pick<UploadLimits, 'maxCompressedBytes'>): number {
  return Math.ceil(limits.maxCompressedBytes / 3) * 4 + ENVELOPE_BYTES;
}

/**
 * The JSON parser of /graphql with its own limit (graphqlBodyLimitBytes), mounted ahead of the
 * general JSON parser, which then leaves the parsed body alone.
 */
export function graphqlBodyParser(limits: Pick<UploadLimits, 'maxCompressedBytes'>) {
  const upload = (limits.maxCompressedBytes / MiB).toFixed(0);
  return jsonBodyParser({
    bytes: graphqlBodyLimitBytes(limits),
    what: 'the GraphQL request',
    fix: `uploadSnapshot takes a snapshot of at most ${upload} MiB (HOOKPATH_MAX_UPLOAD_BYTES; base64 adds a third): upload a .tar.gz as archiveBase64 rather than files, split the snapshot, or raise HOOKPATH_MAX_UPLOAD_BYTES`,
  });
}

/**
 * Errors raised on /graphql before Apollo runs (no or a bad token, a body over the limit, JSON
 * that does not parse), with the HTTP status of the code, in both shapes: the API's `{error: {code,
 * message, fix?}}` and GraphQL's `errors: [{message, extensions: {code, status, fix?}}]`, which a
 * GraphQL client (the portal) reads like any other error.
 */
export function graphqlHttpErrors(logger: JsonLogger, limits: { maxUploadBytes: number }) {
  return (thrown: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(thrown);
    const mapped = toErrorResponse(thrown, limits);
    const requestId = (req as RequestWithId).requestId;
    if (mapped.unexpected) {
      const err = thrown instanceof Error ? thrown : new Error(String(thrown));
      logger.entry('error', err.message, 'exceptions', {
        code: mapped.body.error.code,
        stack: err.stack,
        ...(requestId === undefined ? {} : { requestId }),
      });
    }
    const error = requestId === undefined ? mapped.body.error : { ...mapped.body.error, requestId };
    const { code, message, fix } = error;
    const extensions = {
      code,
      status: mapped.status,
      ...(fix === undefined ? {} : { fix }),
      ...(requestId === undefined ? {} : { requestId }),
    };
    res.status(mapped.status).json({ error, errors: [{ message, extensions }] });
  };
}
