import { HttpException } from '@nestjs/common';
import { ERROR_STATUS, isErrorCode, type ApiErrorBody, type ErrorCode } from '@hookpath/contracts';
import { InvalidCursorError, isDatabaseUnavailable } from '@hookpath/data-access';
import { SnapshotInputError } from '@hookpath/snapshot-io';
import { ApiException } from './api.exception';

export interface ErrorResponse {
  status: number;
  body: ApiErrorBody;
  /** True when the error is ours (a bug or an outage), worth a log line with the stack. */
  unexpected: boolean;
}

const MiB = 1024 * 1024;

function build(code: ErrorCode, message: string, extra: Omit<ApiErrorBody['error'], 'code' | 'message'> = {}): ErrorResponse {
  return { status: ERROR_STATUS[code], body: { error: { code, message, ...extra } }, unexpected: false };
}

function fromHttpException(error: HttpException, limits: { maxUploadBytes: number }): ErrorResponse {
  const status = error.getStatus();
  const message = error.message;
  switch (status) {
    case 400:
      return build('BAD_REQUEST', message);
    case 401:
      return build('UNAUTHENTICATED', message);
    case 403:
      return build('INSUFFICIENT_SCOPE', message);
    case 404:
      return build('NOT_FOUND', message);
    case 413:
      return build('PAYLOAD_TOO_LARGE', `the upload is larger than ${(limits.maxUploadBytes / MiB).toFixed(0)} MiB`, {
        fix: 'split the snapshot or raise HOOKPATH_MAX_UPLOAD_BYTES on the server',
      });
    case 415:
      return build('UNSUPPORTED_MEDIA_TYPE', message);
    case 503:
      return build('DEPENDENCY_UNAVAILABLE', message);
    default: {
      if (status >= 500) return { ...build('INTERNAL_ERROR', 'internal error'), unexpected: true };
      return { status, body: { error: { code: 'BAD_REQUEST', message } }, unexpected: false };
    }
  }
}

/** Maps anything thrown while serving a request to a status and the `{error: {...}}` body. */
export function toErrorResponse(error: unknown, limits: { maxUploadBytes: number }): ErrorResponse {
  if (error instanceof ApiException) {
    return build(error.code, error.message, { ...error.details });
  }
  if (error instanceof SnapshotInputError) {
    const code: ErrorCode = isErrorCode(error.code) ? error.code : 'INVALID_UPLOAD';
    const extra = error.issues.length > 0 ? { issues: error.issues } : {};
    return build(code, error.message, extra);
  }
  if (error instanceof InvalidCursorError) {
    return build('INVALID_CURSOR', error.message, { fix: 'omit `after` to start from the first page' });
  }
  if (isDatabaseUnavailable(error)) {
    return {
      ...build('DEPENDENCY_UNAVAILABLE', 'the database is unavailable', { fix: 'retry later; GET /health shows which dependency is down' }),
      unexpected: true,
    };
  }
  if (error instanceof HttpException) return fromHttpException(error, limits);
  return { ...build('INTERNAL_ERROR', 'internal error'), unexpected: true };
}
