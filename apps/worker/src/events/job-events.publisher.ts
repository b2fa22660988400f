import { Redis } from 'ioredis';
import { jobEventsChannel, type JobEvent } from '@hookpath/contracts';
import type { WorkerLogger } from '../logging/worker-logger';

/**
 * Announces job progress and ends on Redis pub/sub so that waiting API requests answer at once.
 * Best effort: the job's state is in Postgres; a lost event only means a waiter polls.
 */
export class JobEventsPublisher {
  private readonly client: Redis;
  private readonly channel: string;

  constructor(
    redisUrl: string,
    prefix: string,
    private readonly logger: WorkerLogger,
  ) {
    this.channel = jobEventsChannel(prefix);
    this.client = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (n: number) => Math.min(n * 250, 5_000),
    });
    this.client.on('error', () => undefined);
  }

  async connect(): Promise<void> {
    await this.client.connect().catch(() => undefined);
  }

  async publish(event: JobEvent): Promise<void> {
    try {
      await this.client.publish(this.channel, JSON.stringify(event));
    } catch (error) {
      this.logger.entry('debug', `job event not published: ${error instanceof Error ? error.message : String(error)}`, { jobId: event.id });
    }
  }

  async close(): Promise<void> {
    if (this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
