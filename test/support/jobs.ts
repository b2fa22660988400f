import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { JobDto } from '@hookpath/contracts';
import type { HttpResult } from './http';

export type JobResource = 'traces' | 'trace-batches' | 'diffs' | 'jobs';

async function send<T>(url: string, init: RequestInit): Promise<HttpResult<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('application/json') && text !== '') body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** `POST /api/v1/<resource>[?query]` with a JSON body and, optionally, an Idempotency-Key. */
export function postJob<T = JobDto>(
  baseUrl: string,
  token: string,
  resource: Exclude<JobResource, 'jobs'>,
  body: unknown,
  options: { idempotencyKey?: string; query?: string } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  return send<T>(`${baseUrl}/api/v1/${resource}${options.query ? `?${options.query}` : ''}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * Submits a job and long-polls it (`GET ...?wait=`) until it has ended or `timeoutMs` passed;
 * returns the last answer. Needs a worker on the app's queue prefix for the job to end.
 */
export async function submitAndWait(
  baseUrl: string,
  token: string,
  resource: Exclude<JobResource, 'jobs'>,
  body: unknown,
  timeoutMs = 60_000,
): Promise<JobDto> {
  const submitted = await postJob(baseUrl, token, resource, body);
  if (submitted.status !== 202 && submitted.status !== 200) throw new Error(`POST /api/v1/${resource}: ${submitted.status} ${submitted.text}`);
  const deadline = Date.now() + timeoutMs;
  let job = submitted.body;
  while (!['completed', 'failed', 'cancelled'].includes(job.status) && Date.now() < deadline) {
    const wait = Math.max(1, Math.min(30, Math.ceil((deadline - Date.now()) / 1000)));
    const res = await send<JobDto>(`${baseUrl}/api/v1/${resource}/${job.id}?wait=${wait}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`GET /api/v1/${resource}/${job.id}: ${res.status} ${res.text}`);
    job = res.body;
  }
  return job;
}

/** A TCP relay to `target` that can be stopped and started again on the same port (a dependency going away and coming back). */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      this.sockets.add(client).add(upstream);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and cuts every relayed connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
