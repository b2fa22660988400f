// The real service for a benchmark: its own database (migrated, with a write token, dropped at the
// end) and BullMQ prefix, and API and worker processes started from their builds and killed on exit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServices } from '../scripts/services.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { applyMigrations, ApiTokenRepository, PrismaService } = require(join(ROOT, 'libs/data-access/dist/index.js'));
const { generateApiToken, hashApiToken } = require(join(ROOT, 'libs/contracts/dist/index.js'));
const { Client } = require('pg');

const SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A TCP port free on 127.0.0.1 now. */
export async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

async function waitHealthy(base) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not become healthy at ${base}`);
}

/** Prepares the database and returns how to start the API and workers, and to stop everything. */
export async function benchService(name) {
  const db = `hookpath_bench_${name}_${process.pid}`;
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${db}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `hookpath-bench-${name}-${process.pid}`;
  const children = [];
  let stopping = false;
  const kill = () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  process.on('exit', kill);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

  await ensureServices({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl });
  await applyMigrations(databaseUrl, join(ROOT, 'prisma/migrations'));
  const prisma = new PrismaService(databaseUrl, { maxConnections: 1 });
  const token = generateApiToken();
  await new ApiTokenRepository(prisma).create({ name: 'bench', scope: 'write', tokenHash: hashApiToken(token) });
  await prisma.disconnect();

  const start = (args, env, label) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        HOOKPATH_QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal === null && !stopping) console.error(`${label} exited with ${code}`);
    });
    return child;
  };

  return {
    token,
    /** The API process, once started. */
    api: null,
    /** Starts the API on a free port (with `env` added) and resolves with its base URL once it is healthy. */
    async startApi(env = {}) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      this.api = start(['apps/api/dist/main.js'], { ...env, PORT: String(port) }, 'api');
      await waitHealthy(base);
      return base;
    },
    // as every launcher starts it (README, Configuration: the worker's Node flags)
    startWorker: (workerName, env = {}) =>
      start(
        ['--max-semi-space-size=64', '--heap-growing-percent=40', 'apps/worker/dist/main.js'],
        { HOOKPATH_WORKER_NAME: workerName, ...env },
        `worker ${workerName}`,
      ),
    /** Kills the processes and drops the database. */
    async stop() {
      stopping = true;
      kill();
      const pg = new Client({ connectionString: SERVER });
      await pg.connect();
      await pg.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await pg.end();
    },
  };
}
