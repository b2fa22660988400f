import { z } from 'zod';
import { JOB_KINDS, type JobKind } from '@hookpath/contracts';
import { MAX_WAIT_SECONDS } from './jobs.service';

/** REST path of each job kind's resource. */
export const JOB_RESOURCES: Record<JobKind, string> = {
  trace: 'api/v1/traces',
  'trace-batch': 'api/v1/trace-batches',
  diff: 'api/v1/diffs',
};

export function jobLocation(kind: JobKind, id: string): string {
  return `/${JOB_RESOURCES[kind]}/${id}`;
}

const wait = z.coerce
  .number()
  .min(0)
  .max(MAX_WAIT_SECONDS, { message: `at most ${MAX_WAIT_SECONDS} seconds` })
  .optional();
const first = z.coerce.number().int().min(1).optional();
const after = z.string().min(1).optional();

/** `POST ...?wait=N`: answer once the job has ended, or after N seconds (max 60) with 202. */
export const submitQuerySchema = z.object({ wait }).strict();

/** `GET .../:id?wait=N&format=junit`. */
export const getJobQuerySchema = z.object({ wait, format: z.enum(['json', 'junit']).optional() }).strict();

export const listJobsQuerySchema = z.object({ first, after, kind: z.enum(JOB_KINDS).optional() }).strict();

export const listFlowsQuerySchema = z.object({ first, after, failed: z.enum(['true', 'false']).optional() }).strict();
