import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { bullJobId, SIMULATION_JOB_OPTIONS, SIMULATION_QUEUE, type JobKind, type JobName } from '@hookpath/contracts';
import { withTimeout } from '@hookpath/data-access';
import { ApiException } from '../errors/api.exception';
import type { JsonLogger } from '../logging/json-logger';
import { QUEUE_STATES, type ApiMetrics, type QueueDepth } from '../metrics/api-metrics';
import { redisAddress } from './redis-address';

/** A queue operation never keeps a request waiting longer than this. */
const QUEUE_TIMEOUT_MS = 2_000;

function queueEntry(kind: JobKind, id: string): { name: JobName; bullId: string } {
  switch (kind) {
    case 'trace':
      return { name: 'trace', bullId: bullJobId.trace(id) };
    case 'trace-batch':
      return { name: 'trace-batch', bullId: bullJobId.traceBatch(id) };
    case 'diff':
      return { name: 'diff', bullId: bullJobId.diff(id) };
  }
}

/**
 * The API's side of the BullMQ simulation queue: it only adds and removes jobs. It has its own
 * Redis connection that fails fast while Redis is away (no offline queue, one retry), and every
 * operation is bounded by QUEUE_TIMEOUT_MS, so a submission answers 503 instead of hanging. The
 * BullMQ Queue is (re)built on demand once the connection is ready, so the API recovers by
 * itself when Redis returns.
 */
export class JobQueue {
  readonly connection: Redis;
  private queue: Queue | null = null;
  private readonly address: string;
  private lastState: 'up' | 'down' | null = null;

  constructor(
    redisUrl: string,
    readonly prefix: string,
    private readonly logger: JsonLogger,
    private readonly metrics?: ApiMetrics,
  ) {
    this.address = redisAddress(redisUrl);
    this.connection = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: QUEUE_TIMEOUT_MS,
      retryStrategy: (attempt: number) => Math.min(attempt * 250, 5_000),
    });
    this.connection.on('error', (error: Error) => {
      if (this.lastState !== 'down') logger.entry('warn', `job queue: redis unavailable: ${error.message}`, 'jobs');
      this.lastState = 'down';
    });
    this.connection.on('ready', () => {
      if (this.lastState === 'down') logger.entry('info', 'job queue: redis reachable again', 'jobs');
      this.lastState = 'up';
    });
  }

  async onModuleInit(): Promise<void> {
    await this.connection.connect().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.dropQueue();
    if (this.connection.status === 'end') return;
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  /** Adds the job's BullMQ entry. Its id is deterministic, so adding a job already queued adds nothing. */
  async enqueue(kind: JobKind, id: string): Promise<void> {
    const { name, bullId } = queueEntry(kind, id);
    await this.run('add', (queue) => queue.add(name, { jobId: id }, { ...SIMULATION_JOB_OPTIONS, jobId: bullId }));
    this.metrics?.jobsSubmitted.inc({ kind });
  }

  /**
   * Takes a cancelled job's entry off the queue when it is still waiting. Best effort: a job a
   * worker holds is locked and stays; the worker sees the cancelled status in Postgres and stops.
   */
  async remove(kind: JobKind, id: string): Promise<void> {
    const { bullId } = queueEntry(kind, id);
    try {
      await this.run('remove', (queue) => queue.remove(bullId));
    } catch (error) {
      this.logger.entry('warn', `job queue: could not remove ${bullId}: ${error instanceof Error ? error.message : String(error)}`, 'jobs');
    }
  }

  /** How many jobs wait, run and are delayed (retry backoff) on the queue. */
  async depth(): Promise<QueueDepth> {
    const counts = await this.run('count', (queue) => queue.getJobCounts(...QUEUE_STATES));
    return { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0 };
  }

  private unavailable(reason: string): ApiException {
    return new ApiException(
      'DEPENDENCY_UNAVAILABLE',
      `the job queue (Redis at ${this.address}) is unavailable (${reason}); the job was not created, retry later`,
      {
        fix: 'retry later; GET /health shows which dependency is down',
      },
    );
  }

  private async run<T>(what: string, operation: (queue: Queue) => Promise<T>): Promise<T> {
    if (this.connection.status !== 'ready') {
      // Reconnecting in the background; answering now beats waiting for a connect timeout.
      if (this.connection.status === 'wait') void this.connection.connect().catch(() => undefined);
      throw this.unavailable(`not connected`);
    }
    const queue = this.current();
    try {
      return await withTimeout(operation(queue), QUEUE_TIMEOUT_MS, `redis did not answer the queue ${what}`);
    } catch (error) {
      // A Queue whose start-up failed stays failed: build a fresh one next time.
      await this.dropQueue();
      throw this.unavailable(error instanceof Error ? error.message : String(error));
    }
  }

  private current(): Queue {
    if (this.queue === null) {
      const queue = new Queue(SIMULATION_QUEUE, { connection: this.connection, prefix: this.prefix });
      queue.on('error', () => undefined); // the connection's own listener reports outages once
      this.queue = queue;
    }
    return this.queue;
  }

  private async dropQueue(): Promise<void> {
    const queue = this.queue;
    this.queue = null;
    if (queue !== null) await withTimeout(queue.close(), QUEUE_TIMEOUT_MS, 'queue close').catch(() => undefined);
  }
}
