import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp, DEFAULT_MAX_REQUEST_BYTES, type AppConfig, type LogLevel } from '@hookpath/api';
import { generateApiToken, hashApiToken } from '@hookpath/contracts';
import { ApiTokenRepository, PrismaService, type ApiTokenScope } from '@hookpath/data-access';
import { DEFAULT_LIMITS, type UploadLimits } from '@hookpath/snapshot-io';
import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from './test-database';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestAppOptions {
  limits?: Partial<UploadLimits>;
  /** Use this database instead of creating one (it is then not dropped by close()). */
  database?: TestDatabase;
  redisUrl?: string;
  /** BullMQ prefix; default `hookpath-test-<uuid>`, so parallel test files never share a queue. */
  queuePrefix?: string;
  /** The portal build to serve at `/` (HOOKPATH_WEB_ROOT); default: no portal. */
  webRoot?: string;
  /** HOOKPATH_METRICS_TOKEN: GET /metrics then needs it. */
  metricsToken?: string;
}

export interface TestApp {
  baseUrl: string;
  db: TestDatabase;
  config: AppConfig;
  queuePrefix: string;
  writeToken: string;
  readToken: string;
  app: INestApplication;
  createToken(scope: ApiTokenScope, name?: string): Promise<string>;
  close(): Promise<void>;
}

/** Stores a token the way `hookpath token create` does and returns it. */
export async function createToken(databaseUrl: string, scope: ApiTokenScope, name = `e2e-${scope}`): Promise<string> {
  const prisma = new PrismaService(databaseUrl, { maxConnections: 1 });
  try {
    const token = generateApiToken();
    await new ApiTokenRepository(prisma).create({ name, scope, tokenHash: hashApiToken(token) });
    return token;
  } finally {
    await prisma.disconnect();
  }
}

/**
 * The real API (createApp, same as main.ts) on an ephemeral port, over a fresh migrated database,
 * with a read and a write token. Logs are off unless HOOKPATH_TEST_LOG_LEVEL says otherwise.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const queuePrefix = options.queuePrefix ?? `hookpath-test-${randomUUID()}`;
  const config: AppConfig = {
    databaseUrl: db.url,
    redisUrl: options.redisUrl ?? REDIS_URL,
    port: 0,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    logLevel: (process.env.HOOKPATH_TEST_LOG_LEVEL as LogLevel | undefined) ?? 'silent',
    queuePrefix,
    maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
    ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    ...(options.metricsToken === undefined ? {} : { metricsToken: options.metricsToken }),
  };
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  const [writeToken, readToken] = await Promise.all([createToken(db.url, 'write'), createToken(db.url, 'read')]);
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    db,
    config,
    queuePrefix,
    writeToken,
    readToken,
    app,
    createToken: (scope, name) => createToken(db.url, scope, name),
    close: async () => {
      await app.close();
      if (options.database === undefined) await db.drop();
    },
  };
}
