import { ApiUnreachableError, responseError } from './api-errors';
import type { ApiTarget } from './api-options';

/** Time allowed for an ordinary call; a long poll gets its wait on top. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

function errorReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  // undici hides the socket error (ECONNREFUSED, ENOTFOUND, ...) in `cause`
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause !== undefined && typeof cause.code === 'string') return cause.code;
  if (cause !== undefined && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** A small client of the hookpath REST API: bearer token, a timeout per call, errors as ApiResponseError / ApiUnreachableError. */
export class HookpathApi {
  constructor(readonly target: ApiTarget) {}

  /** An absolute URL for a path such as `/api/v1/traces` or a job's Location. */
  url(path: string): string {
    return new URL(path, `${this.target.baseUrl}/`).toString();
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, options: RequestOptions): Promise<ApiAnswer<T>> {
    return this.request<T>('POST', path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions): Promise<ApiAnswer<T>> {
    const url = this.url(path);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const headers: Record<string, string> = { authorization: `Bearer ${this.target.token}`, ...options.headers };
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) body = options.form;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method, headers, signal: AbortSignal.timeout(timeoutMs), ...(body === undefined ? {} : { body }) });
      text = await response.text();
    } catch (error) {
      throw new ApiUnreachableError(url, errorReason(error, timeoutMs));
    }
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('application/json') && text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (response.status >= 400) throw responseError(method, url, response.status, parsed, text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }
}
