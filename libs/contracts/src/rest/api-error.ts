import type { ParseIssue } from '@hookpath/model';
import type { ErrorCode } from './error-codes';

/** The body of every REST error response. */
export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** What to do about it, when there is something to do. */
    fix?: string;
    /** Every problem found in the uploaded snapshot (422, and 4xx naming an archive entry). */
    issues?: ParseIssue[];
    /** Echo of the request id (also in the `x-request-id` response header). */
    requestId?: string;
  };
}
