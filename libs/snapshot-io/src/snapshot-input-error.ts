import type { ParseIssue } from '@hookpath/model';

export type SnapshotInputErrorCode =
  | 'ARCHIVE_TOO_LARGE'
  | 'UNPACKED_TOO_LARGE'
  | 'TOO_MANY_FILES'
  | 'UNSAFE_PATH'
  | 'UNSUPPORTED_ENTRY'
  | 'NUL_BYTE'
  | 'CORRUPT_ARCHIVE'
  | 'EMPTY_SNAPSHOT'
  | 'NOT_FOUND';

/** The snapshot cannot be read at all (as opposed to a file in it that does not parse). */
export class SnapshotInputError extends Error {
  constructor(
    readonly code: SnapshotInputErrorCode,
    message: string,
    readonly issues: ParseIssue[] = [],
  ) {
    super(message);
    this.name = 'SnapshotInputError';
  }
}
