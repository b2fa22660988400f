/**
 * Stable error codes of the REST API (and of GraphQL errors' `extensions.code`). Clients branch on
 * the code, never on the message; a code is never renamed or reused.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  INVALID_UPLOAD: 400,
  INVALID_JSON: 400,
  INVALID_CURSOR: 400,
  UNSAFE_PATH: 400,
  UNSUPPORTED_ENTRY: 400,
  /** A snapshot file holds a NUL byte (0x00): snapshot files are text; `issues` names the file, line and column. */
  NUL_BYTE: 400,
  CORRUPT_ARCHIVE: 400,
  EMPTY_SNAPSHOT: 400,
  /** A job request (trace, batch, diff) or its query string fails validation; the message lists every issue. */
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INSUFFICIENT_SCOPE: 403,
  NOT_FOUND: 404,
  SNAPSHOT_NOT_FOUND: 404,
  FILE_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  /** No report with that id (revoking); a report link that is unknown, expired or revoked is a bare 404. */
  REPORT_NOT_FOUND: 404,
  /** Only a completed job can be shared as a report. */
  JOB_NOT_COMPLETED: 409,
  PAYLOAD_TOO_LARGE: 413,
  ARCHIVE_TOO_LARGE: 413,
  UNPACKED_TOO_LARGE: 413,
  TOO_MANY_FILES: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SNAPSHOT_UNPARSABLE: 422,
  /** The Idempotency-Key already names a job created from a different request. */
  IDEMPOTENCY_KEY_REUSED: 422,
  INTERNAL_ERROR: 500,
  DEPENDENCY_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}
