import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { SIMULATION_QUEUE } from '@hookpath/contracts';

/** The queue states whose counts `hookpath_queue_jobs` reports. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
export type QueueDepth = Record<QueueState, number>;

/**
 * What this API process saw, in Prometheus' terms: its HTTP requests by method, route (the route's
 * pattern, never the raw path) and status, with durations; the jobs it submitted by kind; and, read
 * from Redis at each scrape, how many jobs the simulation queue holds per state. The worker's own
 * numbers (jobs run, trace and compile times, cache hits) are on each worker's /metrics.
 */
export class ApiMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'hookpath_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'hookpath_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly jobsSubmitted = new Counter({
    name: 'hookpath_jobs_submitted_total',
    help: 'Jobs this API put on the queue, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private depth: (() => Promise<QueueDepth>) | null = null;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const readDepth = (): Promise<QueueDepth | null> => (this.depth === null ? Promise.resolve(null) : this.depth().catch(() => null));
    new Gauge({
      name: 'hookpath_queue_jobs',
      help: 'Jobs in a queue by state (waiting, active, delayed), read from Redis at each scrape; absent while Redis is away',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const counts = await readDepth();
        if (counts === null) return;
        for (const state of QUEUE_STATES) this.set({ queue: SIMULATION_QUEUE, state }, counts[state]);
      },
    });
  }

  /** Where the queue depth is read at each scrape. */
  watchQueue(depth: () => Promise<QueueDepth>): void {
    this.depth = depth;
  }
}
