import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { JobDto } from '@hookpath/contracts';
import { ApiClient, type HttpResult } from './http';

export type JobResource = 'traces' | 'trace-batches' | 'diffs' | 'jobs';

/** `POST /api/v1/<resource>[?query]` with a JSON body (or a raw string) and, optionally, an Idempotency-Key. */
export function postJob<T = JobDto>(
  baseUrl: string,
  token: string,
  resource: Exclude<JobResource, 'jobs'>,
  body: unknown,
  options: { idempotencyKey?: string; query?: string } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey };
  const path = `/api/v1/${resource}${options.query ? `?${options.query}` : ''}`;
  return new ApiClient(baseUrl, token).postRaw<T>(path, typeof body === 'string' ? body : JSON.stringify(body), 'application/json', headers);
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
