import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CompiledSnapshot } from '@hookpath/engine';

/** Seconds: from a millisecond trace to a minute-long batch or compile. */
const SECONDS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export type JobOutcome = 'completed' | 'failed';

/**
 * What this worker process did, in Prometheus' terms: jobs by kind (job name) and outcome with their
 * durations, each flow's trace time, each snapshot compile, and the compiled-snapshot cache's hits and
 * misses. Each worker serves its own (HOOKPATH_WORKER_METRICS_PORT); Prometheus sums them.
 */
export class WorkerMetrics {
  readonly registry = new Registry();

  readonly jobs = new Counter({
    name: 'hookpath_jobs_processed_total',
    help: 'Jobs this worker ran, by kind (job name) and outcome; a failed attempt that is retried counts as failed',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'hookpath_job_duration_seconds',
    help: 'Time a job took in this worker, by kind (job name) and outcome',
    labelNames: ['kind', 'outcome'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly traceDuration = new Histogram({
    name: 'hookpath_trace_duration_seconds',
    help: 'Time the engine took to trace one flow (a round trip included)',
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly compileDuration = new Histogram({
    name: 'hookpath_snapshot_compile_duration_seconds',
    help: 'Time to load a snapshot model from Postgres and compile it (on a cache miss)',
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly rulesCompiled = new Counter({
    name: 'hookpath_iptables_rules_compiled_total',
    help: 'iptables rules this worker compiled as traces first reached them (flat once its workload is warm)',
    registers: [this.registry],
  });

  readonly indexesBuilt = new Counter({
    name: 'hookpath_iptables_chain_indexes_built_total',
    help: 'Long iptables chains this worker indexed (an index built, or shared with a chain written alike) as traces first entered them',
    registers: [this.registry],
  });

  readonly cacheLookups = new Counter({
    name: 'hookpath_snapshot_cache_lookups_total',
    help: 'Compiled-snapshot cache lookups, by result (hit or miss)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Runs one flow's trace on `compiled`: its time, and the rules and indexes it compiled. */
  traced<T>(compiled: CompiledSnapshot, work: () => T): T {
    const { rules, indexes } = compiled.compiledSoFar;
    try {
      return WorkerMetrics.time(this.traceDuration, work);
    } finally {
      const now = compiled.compiledSoFar;
      if (now.rules > rules) this.rulesCompiled.inc(now.rules - rules);
      if (now.indexes > indexes) this.indexesBuilt.inc(now.indexes - indexes);
    }
  }

  /** Times `work` into the histogram, in seconds, whether it returns or throws. */
  static time<T>(histogram: Histogram, work: () => T): T {
    const end = histogram.startTimer();
    try {
      return work();
    } finally {
      end();
    }
  }
}
