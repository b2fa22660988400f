import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/hookpath';

export interface PrismaServiceOptions {
  /** How long to wait for a new Postgres connection before failing (ms). */
  connectionTimeoutMillis?: number;
  /** Size of the connection pool. */
  maxConnections?: number;
}

/**
 * Owns the Prisma client. Plain class: the CLI constructs it directly, the API registers it as a
 * Nest provider (Nest calls `onModuleDestroy` on shutdown).
 */
export class PrismaService {
  readonly client: PrismaClient;

  constructor(
    readonly databaseUrl: string = DEFAULT_DATABASE_URL,
    options: PrismaServiceOptions = {},
  ) {
    const adapter = new PrismaPg({
      connectionString: databaseUrl,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
      max: options.maxConnections ?? 10,
    });
    this.client = new PrismaClient({ adapter });
  }

  /** Round trip to Postgres; rejects when it does not answer within `timeoutMs`. */
  async ping(timeoutMs: number): Promise<void> {
    await withTimeout(this.client.$queryRaw`SELECT 1`, timeoutMs, 'postgres did not answer');
  }

  async disconnect(): Promise<void> {
    await this.client.$disconnect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.disconnect();
  }
}

export function withTimeout<T>(promise: PromiseLike<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    Promise.resolve(promise).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
