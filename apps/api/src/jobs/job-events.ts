import { Redis } from 'ioredis';
import { JOB_STATUSES, jobEventsChannel, type JobEvent } from '@hookpath/contracts';
import type { JsonLogger } from '../logging/json-logger';

type Wake = () => void;
/** Receives every event about one job, as the worker published it. */
export type JobEventListener = (event: JobEvent) => void;

function parseEvent(message: string): JobEvent | null {
  try {
    const value = JSON.parse(message) as Partial<JobEvent> | null;
    if (value === null || typeof value.id !== 'string') return null;
    if (typeof value.status !== 'string' || !(JOB_STATUSES as readonly string[]).includes(value.status)) return null;
    return { id: value.id, status: value.status, done: Number(value.done ?? 0), total: Number(value.total ?? 0) };
  } catch {
    return null;
  }
}

/**
 * One Redis subscriber per API process on the workers' job-events channel, and the requests
 * waiting on each job. An event only wakes waiters: they re-read the job from Postgres, which the
 * worker wrote before publishing. When Redis is away nothing wakes them and they fall back to
 * their periodic re-check. Listeners (the GraphQL progress subscription) also receive each event
 * itself, before the waiters wake.
 */
export class JobEvents {
  readonly channel: string;
  private readonly subscriber: Redis;
  private readonly waiters = new Map<string, Set<Wake>>();
  private readonly listeners = new Map<string, Set<JobEventListener>>();

  constructor(redisUrl: string, prefix: string, logger: JsonLogger) {
    this.channel = jobEventsChannel(prefix);
    this.subscriber = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt: number) => Math.min(attempt * 250, 5_000),
    });
    // JobQueue reports the outage; this connection only has to come back.
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(this.channel).catch((error: unknown) => {
        logger.entry('warn', `job events: cannot subscribe: ${error instanceof Error ? error.message : String(error)}`, 'jobs');
      });
    });
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const event = parseEvent(message);
      if (event === null) return;
      for (const listener of [...(this.listeners.get(event.id) ?? [])]) listener(event);
      this.wake(event.id);
    });
  }

  async onModuleInit(): Promise<void> {
    await this.subscriber.connect().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.listeners.clear();
    for (const id of [...this.waiters.keys()]) this.wake(id);
    if (this.subscriber.status === 'end') return;
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  /** Resolves at the next event about job `id`, after `ms`, or when `signal` aborts, whichever is first. */
  next(id: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      let set = this.waiters.get(id);
      if (set === undefined) {
        set = new Set();
        this.waiters.set(id, set);
      }
      const waiters = set;
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiters.get(id) === waiters) this.waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
      waiters.add(done);
    });
  }

  /** Calls `listener` with every event about job `id` until the returned function is called. */
  listen(id: string, listener: JobEventListener): () => void {
    let set = this.listeners.get(id);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(id, set);
    }
    const listeners = set;
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(id) === listeners) this.listeners.delete(id);
    };
  }

  /** How many requests wait on some job (for tests and logs). */
  get waiting(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  private wake(id: string): void {
    const set = this.waiters.get(id);
    if (set === undefined) return;
    for (const done of [...set]) done();
  }
}
