import type { ApiErrorBody } from '@hookpath/contracts';
import type { ParseIssue } from '@hookpath/model';
import { formatIssue } from '../format-issue';
import { EXIT_INTERNAL, EXIT_USAGE } from '../cli-error';

/** The API could not be reached, or did not answer in time: nothing is known about the request. */
export class ApiUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach the API at ${url}: ${reason}`);
    this.name = 'ApiUnreachableError';
  }
}

/** The API answered with an error status; `code`, `fix` and `issues` come from its error body when it has one. */
export class ApiResponseError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly code: string | null,
    readonly apiMessage: string,
    readonly fix: string | null,
    readonly issues: readonly ParseIssue[],
  ) {
    super(`${method} ${url} answered ${status}${code === null ? '' : ` ${code}`}: ${apiMessage}`);
    this.name = 'ApiResponseError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the API's `{error: {code, message, fix, issues}}`; anything else (a proxy's HTML page) is quoted briefly. */
export function responseError(method: string, url: string, status: number, body: unknown, text: string): ApiResponseError {
  if (isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string') {
    const error = body.error as Partial<ApiErrorBody['error']>;
    return new ApiResponseError(method, url, status, error.code ?? null, error.message ?? '', error.fix ?? null, error.issues ?? []);
  }
  const excerpt = text.trim().replace(/\s+/g, ' ').slice(0, 200);
  return new ApiResponseError(method, url, status, null, excerpt === '' ? 'no error body' : excerpt, null, []);
}

/**
 * Prints an API or network error and returns the exit status it maps to, or null for any other error.
 * A 4xx is the request's fault (exit 2, fix it before retrying); a 5xx or an unreachable API is the
 * service's (exit 1, the same command may be retried).
 */
export function reportApiError(error: unknown, write: (line: string) => void): number | null {
  if (error instanceof ApiUnreachableError) {
    write(`hookpath: network error: ${error.message}; check --api / HOOKPATH_API_URL (the request may be retried)`);
    return EXIT_INTERNAL;
  }
  if (!(error instanceof ApiResponseError)) return null;
  const what = error.code === null ? `HTTP ${error.status}` : `${error.code} (HTTP ${error.status})`;
  if (error.status >= 500) {
    write(`hookpath: server error: ${error.method} ${error.url}: ${what}: ${error.apiMessage} (the request may be retried)`);
    return EXIT_INTERNAL;
  }
  write(`hookpath: ${error.method} ${error.url}: ${what}: ${error.apiMessage}`);
  for (const issue of error.issues.slice(0, 50)) write(`  ${formatIssue(issue)}`);
  if (error.issues.length > 50) write(`  ... and ${error.issues.length - 50} more`);
  if (error.fix !== null) write(`  fix: ${error.fix}`);
  return EXIT_USAGE;
}
