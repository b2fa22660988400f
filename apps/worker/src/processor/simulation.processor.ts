import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { JOB_PAYLOAD_SCHEMAS, SIMULATION_QUEUE } from '@hookpath/contracts';
import { isDatabaseUnavailable } from '@hookpath/data-access';
import type { WorkerConfig } from '../config/worker-config';
import type { WorkerLogger } from '../logging/worker-logger';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { JobContext } from '../simulation/job-context';
import { WORKER_CONFIG, WORKER_LOGGER } from '../worker.tokens';
import { HandlerRegistry } from './handler-registry';
import { JobInputError } from './job-input-error';
import { redisConnection } from './redis-connection';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The job id in a payload that failed validation, when there is a usable one. */
function jobIdOf(data: unknown): string | null {
  const id = typeof data === 'object' && data !== null ? (data as { jobId?: unknown }).jobId : undefined;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

/**
 * The one processor of the simulation queue: validates each payload with its job name's schema,
 * dispatches to the name's handler, and sorts failures. Bad input (JobInputError, an invalid
 * payload) fails at once with UnrecoverableError and its error stored on the job; anything else is
 * transient and retried with backoff, and stored only when the last attempt fails.
 */
@Injectable()
export class SimulationProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: Worker | null = null;

  constructor(
    private readonly registry: HandlerRegistry,
    private readonly ctx: JobContext,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly logger: WorkerLogger,
    private readonly metrics: WorkerMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ctx.events.connect();
    const worker = new Worker(SIMULATION_QUEUE, (job: Job) => this.process(job), {
      prefix: this.config.queuePrefix,
      connection: redisConnection(this.config.redisUrl),
      // Recorded on each job as processedBy: which worker ran (or took over) it.
      name: this.config.workerName,
      concurrency: this.config.concurrency,
      lockDuration: this.config.lockDurationMs,
      stalledInterval: this.config.stalledIntervalMs,
      maxStalledCount: 3,
      autorun: false,
    });
    worker.on('error', (error: Error) => this.logger.entry('warn', `queue connection: ${error.message}`));
    worker.on('failed', (job: Job | undefined, error: Error) => {
      this.logger.entry('warn', `job failed: ${error.message}`, { job: job?.id, name: job?.name, attempts: job?.attemptsMade });
    });
    worker.on('stalled', (jobId: string) => this.logger.entry('warn', 'stalled job taken over', { job: jobId }));
    this.worker = worker;
    void worker.run().catch((error: unknown) => this.logger.entry('error', `worker stopped: ${message(error)}`));
    await worker.waitUntilReady();
    this.logger.entry('info', 'worker ready', {
      worker: this.config.workerName,
      queue: SIMULATION_QUEUE,
      prefix: this.config.queuePrefix,
      concurrency: this.config.concurrency,
    });
  }

  async process(job: Job): Promise<void> {
    const end = this.metrics.jobDuration.startTimer({ kind: job.name });
    try {
      await this.run(job);
      end({ outcome: 'completed' });
      this.metrics.jobs.inc({ kind: job.name, outcome: 'completed' });
    } catch (error) {
      end({ outcome: 'failed' });
      this.metrics.jobs.inc({ kind: job.name, outcome: 'failed' });
      throw error;
    }
  }

  private async run(job: Job): Promise<void> {
    const started = Date.now();
    const handler = this.registry.get(job.name);
    if (handler === undefined) throw new UnrecoverableError(`unknown job name "${job.name}"`);
    const schema = JOB_PAYLOAD_SCHEMAS[handler.name];
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${['data', ...i.path.map(String)].join('.')}: ${i.message}`).join('; ');
      await this.storeFailure(jobIdOf(job.data), { code: 'INVALID_PAYLOAD', message: `${job.name} job ${job.id}: ${problems}` });
      throw new UnrecoverableError(`invalid payload: ${problems}`);
    }
    const jobId = (parsed.data as { jobId: string }).jobId;
    try {
      // The handler's payload type follows its name; the registry pairs them.
      await (handler.handle as (payload: unknown, job: Job) => Promise<void>)(parsed.data, job);
      this.logger.entry('debug', 'job done', { job: job.id, name: job.name, ms: Date.now() - started });
    } catch (error) {
      if (error instanceof JobInputError) {
        await this.storeFailure(jobId, {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
        });
        throw new UnrecoverableError(error.message);
      }
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) {
        const code = isDatabaseUnavailable(error) ? 'DEPENDENCY_UNAVAILABLE' : 'INTERNAL_ERROR';
        await this.storeFailure(jobId, { code, message: `${job.name} failed after ${attempts} attempts: ${message(error)}` });
      }
      throw error;
    }
  }

  private async storeFailure(jobId: string | null, error: { code: string; message: string; details?: unknown }): Promise<void> {
    if (jobId === null) return;
    try {
      if (await this.ctx.jobs.fail(jobId, error)) {
        const job = await this.ctx.jobs.get(jobId);
        await this.ctx.announce(jobId, 'failed', job?.progressDone ?? 0, job?.progressTotal ?? 0);
      }
    } catch (storeError) {
      this.logger.entry('error', `could not store the failure of job ${jobId}: ${message(storeError)}`);
    }
  }

  /** Lets running jobs finish (their locks are released), then disconnects. */
  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.ctx.events.close();
  }
}
