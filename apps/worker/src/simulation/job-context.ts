import { Inject, Injectable } from '@nestjs/common';
import { JobRepository, type JobRecord } from '@hookpath/data-access';
import type { JobStatus } from '@hookpath/contracts';
import { JobEventsPublisher } from '../events/job-events.publisher';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { JobInputError } from '../processor/job-input-error';
import { WORKER_CONFIG } from '../worker.tokens';
import type { WorkerConfig } from '../config/worker-config';
import { SnapshotStore } from './snapshot-store';

/** What every handler needs: the job store, the snapshots, the events, the configuration. */
@Injectable()
export class JobContext {
  constructor(
    readonly jobs: JobRepository,
    readonly snapshots: SnapshotStore,
    readonly events: JobEventsPublisher,
    readonly metrics: WorkerMetrics,
    @Inject(WORKER_CONFIG) readonly config: WorkerConfig,
  ) {}

  /** The job's row; a JobInputError when it is gone (deleted, or the queue entry is foreign). */
  async load(jobId: string): Promise<JobRecord> {
    const job = await this.jobs.get(jobId);
    if (job === null) throw new JobInputError('JOB_NOT_FOUND', `job ${jobId} is not in the database`);
    return job;
  }

  /** The job's stored request; a JobInputError when the job is gone. */
  async request(jobId: string): Promise<unknown> {
    const request = await this.jobs.request(jobId);
    if (request === null) throw new JobInputError('JOB_NOT_FOUND', `job ${jobId} is not in the database`);
    return request;
  }

  async announce(id: string, status: JobStatus, done: number, total: number): Promise<void> {
    await this.events.publish({ id, status, done, total });
  }
}
