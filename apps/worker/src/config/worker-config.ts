import { hostname } from 'node:os';
import { z } from 'zod';
import { DEFAULT_QUEUE_PREFIX } from '@hookpath/contracts';
import { DEFAULT_DATABASE_URL } from '@hookpath/data-access';

export const WORKER_LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type WorkerLogLevel = (typeof WORKER_LOG_LEVELS)[number];

export interface WorkerConfig {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** Jobs one process runs at once. Tracing is CPU-bound; more than 1 overlaps database waits. */
  concurrency: number;
  /** How long a job's lock lasts without renewal; a killed worker's job is taken over after it. */
  lockDurationMs: number;
  /** How often this worker looks for stalled jobs (jobs whose worker died). */
  stalledIntervalMs: number;
  /** Flows per chunk job of a batch (upper bound; small batches get smaller chunks so that workers share them). */
  batchChunkSize: number;
  /** Snapshot models kept in memory, by snapshot id. */
  modelCacheSize: number;
  /** Recorded with every flow a batch traces. */
  workerName: string;
  logLevel: WorkerLogLevel;
  /** The port of this worker's GET /metrics (0: any free port); unset: not served. */
  metricsPort?: number;
  /** When set, GET /metrics needs it as a bearer token. */
  metricsToken?: string;
}

const unsetIsDefault = (value: unknown) => (value === '' ? undefined : value);
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(unsetIsDefault, z.coerce.number().int().min(min).max(max).default(fallback));

const ENV_SCHEMA = z.object({
  DATABASE_URL: z.preprocess(
    unsetIsDefault,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgresql:// URL')
      .default(DEFAULT_DATABASE_URL),
  ),
  REDIS_URL: z.preprocess(
    unsetIsDefault,
    z
      .string()
      .regex(/^rediss?:\/\//, 'expected a redis:// URL')
      .default('redis://127.0.0.1:6379'),
  ),
  HOOKPATH_QUEUE_PREFIX: z.preprocess(
    unsetIsDefault,
    z
      .string()
      .regex(/^[\w.-]+$/, 'letters, digits, _, . and - only')
      .default(DEFAULT_QUEUE_PREFIX),
  ),
  HOOKPATH_WORKER_CONCURRENCY: int(1, 64, 2),
  HOOKPATH_WORKER_LOCK_MS: int(1_000, 3_600_000, 30_000),
  HOOKPATH_WORKER_STALLED_MS: int(500, 3_600_000, 15_000),
  HOOKPATH_BATCH_CHUNK_SIZE: int(1, 10_000, 500),
  HOOKPATH_MODEL_CACHE_SIZE: int(1, 1_000, 8),
  HOOKPATH_WORKER_NAME: z.preprocess(unsetIsDefault, z.string().min(1).max(200).optional()),
  LOG_LEVEL: z.preprocess(unsetIsDefault, z.enum(WORKER_LOG_LEVELS).default('info')),
  HOOKPATH_WORKER_METRICS_PORT: z.preprocess(unsetIsDefault, z.coerce.number().int().min(0).max(65_535).optional()),
  HOOKPATH_METRICS_TOKEN: z.preprocess(unsetIsDefault, z.string().min(16, 'at least 16 characters').optional()),
});

export class WorkerConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'WorkerConfigError';
  }
}

/** Reads and validates the worker's environment; throws a WorkerConfigError naming each bad variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (!parsed.success) {
    throw new WorkerConfigError(
      parsed.error.issues.map((i) => `${String(i.path[0] ?? '?')}=${JSON.stringify(env[String(i.path[0])] ?? '')}: ${i.message}`),
    );
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.HOOKPATH_QUEUE_PREFIX,
    concurrency: e.HOOKPATH_WORKER_CONCURRENCY,
    lockDurationMs: e.HOOKPATH_WORKER_LOCK_MS,
    stalledIntervalMs: e.HOOKPATH_WORKER_STALLED_MS,
    batchChunkSize: e.HOOKPATH_BATCH_CHUNK_SIZE,
    modelCacheSize: e.HOOKPATH_MODEL_CACHE_SIZE,
    workerName: e.HOOKPATH_WORKER_NAME ?? `${hostname()}:${process.pid}`,
    logLevel: e.LOG_LEVEL,
    ...(e.HOOKPATH_WORKER_METRICS_PORT === undefined ? {} : { metricsPort: e.HOOKPATH_WORKER_METRICS_PORT }),
    ...(e.HOOKPATH_METRICS_TOKEN === undefined ? {} : { metricsToken: e.HOOKPATH_METRICS_TOKEN }),
  };
}
