import { Redis } from 'ioredis';
import { withTimeout } from '@hookpath/data-access';
import type { JsonLogger } from '../logging/json-logger';

/**
 * The API's Redis connection. Commands fail at once while disconnected (no offline queue), so
 * health checks answer quickly; the client keeps reconnecting in the background.
 */
export class RedisService {
  readonly client: Redis;
  private lastState: 'up' | 'down' | null = null;

  constructor(url: string, logger: JsonLogger) {
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt: number) => Math.min(attempt * 250, 5_000),
    });
    // Without a listener ioredis reports every failed reconnect as an unhandled error event.
    this.client.on('error', (error: Error) => {
      if (this.lastState !== 'down') logger.entry('warn', `redis unavailable: ${error.message}`, 'redis');
      this.lastState = 'down';
    });
    this.client.on('ready', () => {
      if (this.lastState === 'down') logger.entry('info', 'redis reachable again', 'redis');
      this.lastState = 'up';
    });
  }

  /** Starts connecting; the API starts even when Redis is down (health reports it). */
  async onModuleInit(): Promise<void> {
    await this.client.connect().catch(() => undefined);
  }

  async ping(timeoutMs: number): Promise<void> {
    await withTimeout(this.client.ping(), timeoutMs, 'redis did not answer');
  }

  async onModuleDestroy(): Promise<void> {
    if (this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
