import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp, DEFAULT_MAX_REQUEST_BYTES, JsonLogger, type AppConfig } from '@hookpath/api';
import type { HealthDto } from '@hookpath/contracts';
import { DEFAULT_LIMITS } from '@hookpath/snapshot-io';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { ApiClient, REDIS_URL, ROOT, startTestApp, type ErrorResult, type TestApp } from '../support';

/** Nothing listens on port 1: connections are refused at once. */
const CLOSED_POSTGRES = 'postgresql://postgres@127.0.0.1:1/hookpath';
const CLOSED_REDIS = 'redis://127.0.0.1:1';

async function listen(config: AppConfig, logger?: JsonLogger): Promise<{ app: INestApplication; url: string }> {
  const app = await createApp(config, logger === undefined ? {} : { logger });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

describe('dependencies down', () => {
  it('Redis down: /health answers 503 quickly, Postgres still ok', async () => {
    const t = await startTestApp({ redisUrl: CLOSED_REDIS });
    try {
      const started = performance.now();
      const res = await new ApiClient(t.baseUrl).get<HealthDto>('/health');
      assert.equal(res.status, 503);
      assert.equal(res.body.status, 'unavailable');
      assert.equal(res.body.postgres.ok, true);
      assert.equal(res.body.redis.ok, false);
      assert.ok(performance.now() - started < 3_000);
      assert.equal((await new ApiClient(t.baseUrl, t.readToken).get('/api/v1/snapshots')).status, 200);
    } finally {
      await t.close();
    }
  });

  it('Postgres down: /health 503 quickly, API routes 503 DEPENDENCY_UNAVAILABLE, the process stays up', async () => {
    const config: AppConfig = {
      databaseUrl: CLOSED_POSTGRES,
      redisUrl: REDIS_URL,
      port: 0,
      limits: DEFAULT_LIMITS,
      logLevel: 'silent',
      queuePrefix: `hookpath-test-${randomUUID()}`,
      maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
    };
    const { app, url } = await listen(config);
    try {
      const started = performance.now();
      const health = await new ApiClient(url).get<HealthDto>('/health');
      assert.equal(health.status, 503);
      assert.equal(health.body.postgres.ok, false);
      assert.equal(health.body.redis.ok, true);
      assert.ok(performance.now() - started < 3_000);
      const api = new ApiClient(url, 'hpt_any');
      for (let i = 0; i < 2; i++) {
        const res = (await api.get('/api/v1/snapshots')) as ErrorResult;
        assert.equal(res.status, 503, res.text);
        assert.equal(res.body.error.code, 'DEPENDENCY_UNAVAILABLE');
      }
    } finally {
      await app.close();
    }
  });
});

describe('structured logs', () => {
  let t: TestApp;
  const lines: string[] = [];

  before(async () => {
    t = await startTestApp();
    await t.app.close();
  });

  after(async () => {
    await t.db.drop();
  });

  it('pino JSON lines: one per request with its method, path, status, ms and requestId, never the bearer token', async () => {
    const logger = new JsonLogger('info', (line) => lines.push(line));
    const { app, url } = await listen({ ...t.config, logLevel: 'info' }, logger);
    try {
      await new ApiClient(url, t.readToken).get('/api/v1/snapshots?first=1');
      const res = await fetch(`${url}/health`, { headers: { 'x-request-id': 'trace-42', authorization: `Bearer ${t.readToken}` } });
      assert.equal(res.headers.get('x-request-id'), 'trace-42');
    } finally {
      await app.close();
    }
    const entries = lines.map((line) => {
      assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'), line);
      return JSON.parse(line) as Record<string, unknown>;
    });
    for (const e of entries) {
      assert.equal(typeof e.time, 'string');
      assert.ok(!Number.isNaN(Date.parse(String(e.time))), String(e.time));
      assert.ok(['debug', 'info', 'warn', 'error', 'fatal'].includes(String(e.level)));
      assert.equal(typeof e.msg, 'string');
      assert.equal(typeof e.context, 'string');
    }
    assert.ok(!lines.some((line) => line.includes(t.readToken)), 'the bearer token is never logged');
    type RequestEntry = { req?: { method?: string; path?: string }; res?: { status?: number }; ms?: unknown; requestId?: unknown };
    const requests = entries.filter((e) => e.msg === 'request') as RequestEntry[];
    const list = requests.find((e) => e.req?.path === '/api/v1/snapshots');
    assert.ok(list, JSON.stringify(requests));
    assert.equal(list.req?.method, 'GET');
    assert.equal(list.res?.status, 200);
    assert.equal(typeof list.ms, 'number');
    assert.match(String(list.requestId), /^[0-9a-f-]{36}$/);
    assert.equal(requests.find((e) => e.req?.path === '/health')?.requestId, 'trace-42');
    assert.ok(
      entries.some((e) => e.context === 'NestApplication'),
      'Nest framework messages go through the same logger',
    );
  });
});

describe('apps/api/dist/main.js', () => {
  it('reads the environment, logs its URL, serves, and shuts down gracefully on SIGTERM', async () => {
    const t = await startTestApp();
    await t.app.close();
    const child = spawn(process.execPath, [join(ROOT, 'apps', 'api', 'dist', 'main.js')], {
      env: { ...process.env, DATABASE_URL: t.db.url, REDIS_URL, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line in ${out}`)), 15_000);
        child.stdout.on('data', () => {
          const line = out.split('\n').find((l) => l.includes('listening on'));
          const match = line === undefined ? null : /"url":"http:\/\/[^:]+:(\d+)"/.exec(line);
          if (match) {
            clearTimeout(timer);
            resolve(`http://127.0.0.1:${match[1]}`);
          }
        });
      });
      assert.equal((await new ApiClient(url, t.readToken).get('/api/v1/snapshots')).status, 200);
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      const started = performance.now();
      child.kill('SIGTERM');
      // Nest closes the application, then re-raises the signal so the exit status says why it stopped.
      const { code, signal } = await exited;
      assert.ok(code === 0 || signal === 'SIGTERM', `exit code ${code}, signal ${signal}`);
      assert.ok(performance.now() - started < 5_000);
      const messages = out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { msg: string }).msg);
      assert.ok(
        messages.some((m) => m.startsWith('shutting down')),
        messages.join('\n'),
      );
      assert.ok(messages.includes('shut down'));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await t.db.drop();
    }
  });

  it('refuses to start with a bad variable, naming it', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'apps', 'api', 'dist', 'main.js')], {
      env: { ...process.env, PORT: 'http' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 2);
    assert.match(err, /PORT="http"/);
  });
});
