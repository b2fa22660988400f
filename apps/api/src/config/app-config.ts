import { resolve } from 'node:path';
import { z } from 'zod';
import type { UploadLimits } from '@hookpath/snapshot-io';
import { DEFAULT_QUEUE_PREFIX } from '@hookpath/contracts';
import { DEFAULT_DATABASE_URL } from '@hookpath/data-access';

const MiB = 1024 * 1024;

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The portal's build (`npm run build` writes apps/web/dist), from apps/api/dist/config. */
export const DEFAULT_WEB_ROOT = resolve(__dirname, '..', '..', '..', 'web', 'dist');

/** How long a report's share link works unless its creator says otherwise. */
export const DEFAULT_REPORT_TTL_DAYS = 30;

/** Largest JSON body of a job request (a batch of 100,000 flows is about 12 MiB). */
export const DEFAULT_MAX_REQUEST_BYTES = 32 * MiB;

export interface AppConfig {
  databaseUrl: string;
  redisUrl: string;
  port: number;
  limits: UploadLimits;
  logLevel: LogLevel;
  /** BullMQ key prefix and job-events channel prefix: API and workers sharing it share the queue. */
  queuePrefix: string;
  /** JSON body limit of the job routes (traces, trace-batches, diffs). */
  maxRequestBytes: number;
  /** Directory of the portal's static build, served at `/`; absent: no portal. */
  webRoot?: string;
  /** Base URL of report links (`<publicUrl>/r/<token>`); absent: taken from each request's Host and X-Forwarded-Proto. */
  publicUrl?: string;
  /** Days a report link works by default (1-365); absent: DEFAULT_REPORT_TTL_DAYS. */
  reportTtlDays?: number;
  /** When set, GET /metrics needs it as a bearer token; absent: /metrics is open (restrict it by network). */
  metricsToken?: string;
}

/** An unset or empty variable takes the default. */
const unsetIsDefault = (value: unknown) => (value === '' ? undefined : value);

const urlWithScheme = (schemes: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}` },
  );

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

const ENV_SCHEMA = z.object({
  DATABASE_URL: z.preprocess(unsetIsDefault, urlWithScheme(['postgresql:', 'postgres:']).default(DEFAULT_DATABASE_URL)),
  REDIS_URL: z.preprocess(unsetIsDefault, urlWithScheme(['redis:', 'rediss:']).default('redis://127.0.0.1:6379')),
  PORT: z.preprocess(unsetIsDefault, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOOKPATH_MAX_UPLOAD_BYTES: z.preprocess(unsetIsDefault, positiveInt(Number.MAX_SAFE_INTEGER).default(64 * MiB)),
  HOOKPATH_MAX_UNPACKED_BYTES: z.preprocess(unsetIsDefault, positiveInt(2 ** 31 - 1).default(512 * MiB)),
  HOOKPATH_MAX_FILES: z.preprocess(unsetIsDefault, positiveInt(1_000_000).default(20_000)),
  LOG_LEVEL: z.preprocess(unsetIsDefault, z.enum(LOG_LEVELS).default('info')),
  HOOKPATH_QUEUE_PREFIX: z.preprocess(
    unsetIsDefault,
    z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'expected letters, digits, ".", "_" or "-" (at most 100)')
      .default(DEFAULT_QUEUE_PREFIX),
  ),
  HOOKPATH_MAX_REQUEST_BYTES: z.preprocess(unsetIsDefault, positiveInt(2 ** 31 - 1).default(DEFAULT_MAX_REQUEST_BYTES)),
  HOOKPATH_WEB_ROOT: z.preprocess(unsetIsDefault, z.string().optional()),
  HOOKPATH_PUBLIC_URL: z.preprocess(
    unsetIsDefault,
    urlWithScheme(['http:', 'https:'])
      .refine((value) => new URL(value).search === '' && new URL(value).hash === '', {
        message: 'expected a base URL without ?query or #fragment',
      })
      .optional(),
  ),
  HOOKPATH_REPORT_TTL_DAYS: z.preprocess(unsetIsDefault, positiveInt(365).default(DEFAULT_REPORT_TTL_DAYS)),
  HOOKPATH_METRICS_TOKEN: z.preprocess(unsetIsDefault, z.string().min(16, 'expected at least 16 characters').optional()),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = ENV_SCHEMA.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      const value = env[name];
      return `${name}=${JSON.stringify(value ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const e = result.data;
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    port: e.PORT,
    limits: {
      maxCompressedBytes: e.HOOKPATH_MAX_UPLOAD_BYTES,
      maxUnpackedBytes: e.HOOKPATH_MAX_UNPACKED_BYTES,
      maxFiles: e.HOOKPATH_MAX_FILES,
    },
    logLevel: e.LOG_LEVEL,
    queuePrefix: e.HOOKPATH_QUEUE_PREFIX,
    maxRequestBytes: e.HOOKPATH_MAX_REQUEST_BYTES,
    // A relative HOOKPATH_WEB_ROOT is taken from the working directory.
    webRoot: e.HOOKPATH_WEB_ROOT === undefined ? DEFAULT_WEB_ROOT : resolve(e.HOOKPATH_WEB_ROOT),
    ...(e.HOOKPATH_PUBLIC_URL === undefined ? {} : { publicUrl: e.HOOKPATH_PUBLIC_URL.replace(/\/+$/, '') }),
    reportTtlDays: e.HOOKPATH_REPORT_TTL_DAYS,
    ...(e.HOOKPATH_METRICS_TOKEN === undefined ? {} : { metricsToken: e.HOOKPATH_METRICS_TOKEN }),
  };
}
