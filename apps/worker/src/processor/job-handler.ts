import type { Job } from 'bullmq';
import type { JobName, JobPayload } from '@hookpath/contracts';

/** Handles one job name of the simulation queue. */
export interface JobHandler<N extends JobName = JobName> {
  readonly name: N;
  handle(payload: JobPayload<N>, job: Job): Promise<void>;
}

/** Handler class token with the job name it serves. */
export type AnyJobHandler = { [N in JobName]: JobHandler<N> }[JobName];
