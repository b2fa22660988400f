import type { ApiErrorBody } from '@hookpath/contracts';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

async function send<T>(url: string, init: RequestInit): Promise<HttpResult<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('application/json') && text !== '') body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T, text };
}

function auth(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

/** A small client of the API under test. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  withToken(token: string | undefined): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  get<T = unknown>(path: string): Promise<HttpResult<T>> {
    return send<T>(`${this.baseUrl}${path}`, { headers: auth(this.token) });
  }

  delete<T = unknown>(path: string): Promise<HttpResult<T>> {
    return send<T>(`${this.baseUrl}${path}`, { method: 'DELETE', headers: auth(this.token) });
  }

  postJson<T = unknown>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    return this.postRaw<T>(path, JSON.stringify(body), 'application/json', headers);
  }

  postRaw<T = unknown>(
    path: string,
    body: string | Buffer,
    contentType: string,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    return send<T>(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...auth(this.token), 'content-type': contentType, ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  }

  /** multipart/form-data with the archive in field `file` (and optional text fields). */
  postArchive<T = unknown>(
    path: string,
    archive: Buffer,
    fields: Record<string, string> = {},
    filename = 'snapshot.tar.gz',
    field = 'file',
  ): Promise<HttpResult<T>> {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append(field, new Blob([new Uint8Array(archive)], { type: 'application/gzip' }), filename);
    return send<T>(`${this.baseUrl}${path}`, { method: 'POST', headers: auth(this.token), body: form });
  }
}

export type ErrorResult = HttpResult<ApiErrorBody>;
