import type { ConnectionOptions } from 'bullmq';

/**
 * BullMQ connection options from a redis:// URL. Workers block on Redis, so requests are retried
 * forever (maxRetriesPerRequest null, as BullMQ requires) and reconnects back off to 5 s: a Redis
 * restart pauses the worker, it does not stop it.
 */
export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port === '' ? 6379 : Number(u.port),
    ...(u.username === '' ? {} : { username: decodeURIComponent(u.username) }),
    ...(u.password === '' ? {} : { password: decodeURIComponent(u.password) }),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    retryStrategy: (attempt: number) => Math.min(attempt * 250, 5_000),
  };
}
