import { z } from 'zod';
import { flowSchema } from './flow-request';

/**
 * The one BullMQ queue: every simulation job goes through it and one processor per worker process
 * serves it, dispatching on the job name.
 */
export const SIMULATION_QUEUE = 'simulation';

/**
 * Every job name the worker must handle. A worker refuses to boot when one has no handler.
 * - `trace`: one flow (result: the trace document);
 * - `trace-batch`: expands a batch (explicit flows or a generator) into chunk jobs;
 * - `trace-chunk`: traces a slice of a batch; a batch's chunks are children of its finalize job;
 * - `trace-batch-finalize`: runs when every chunk is done and writes the batch summary;
 * - `diff`: structural and behavioural diff of two snapshots.
 */
export const JOB_NAMES = ['trace', 'trace-batch', 'trace-chunk', 'trace-batch-finalize', 'diff'] as const;
export type JobName = (typeof JOB_NAMES)[number];

const jobId = z.uuid();

/** Jobs carry ids, not snapshots or requests: the request is stored with the job in Postgres. */
export const jobRefPayloadSchema = z.object({ jobId }).strict();

/** A chunk of a batch: `flows` are the batch's flows `start .. start + flows.length - 1`. */
export const traceChunkPayloadSchema = z
  .object({
    jobId,
    snapshotId: z.uuid(),
    chunk: z.number().int().min(0),
    start: z.number().int().min(0),
    flows: z.array(flowSchema).min(1),
  })
  .strict();

export const JOB_PAYLOAD_SCHEMAS = {
  trace: jobRefPayloadSchema,
  'trace-batch': jobRefPayloadSchema,
  'trace-chunk': traceChunkPayloadSchema,
  'trace-batch-finalize': jobRefPayloadSchema,
  diff: jobRefPayloadSchema,
} as const satisfies Record<JobName, z.ZodType>;

export type JobPayload<N extends JobName> = z.infer<(typeof JOB_PAYLOAD_SCHEMAS)[N]>;

/**
 * BullMQ job ids, deterministic so that enqueueing the same work twice (an API retry, a worker that
 * died while fanning out a batch) adds nothing.
 */
export const bullJobId = {
  trace: (id: string): string => `trace.${id}`,
  traceBatch: (id: string): string => `batch.${id}`,
  traceChunk: (id: string, chunk: number): string => `batch.${id}.chunk.${chunk}`,
  traceBatchFinalize: (id: string): string => `batch.${id}.finalize`,
  diff: (id: string): string => `diff.${id}`,
};

/**
 * BullMQ key prefix (default of HOOKPATH_QUEUE_PREFIX). API and workers that share a prefix share
 * the queue; tests give each run its own.
 */
export const DEFAULT_QUEUE_PREFIX = 'hookpath';

/** Redis pub/sub channel on which workers announce job progress and ends (JSON `JobEvent`). */
export function jobEventsChannel(prefix: string): string {
  return `${prefix}:job-events`;
}

export interface JobEvent {
  id: string;
  status: JobStatus;
  done: number;
  total: number;
}

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

export const JOB_KINDS = ['trace', 'trace-batch', 'diff'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * BullMQ options of every job the API enqueues: transient failures (Postgres briefly away) retry
 * with exponential backoff; bad input fails at once (the worker throws UnrecoverableError).
 * Finished entries leave Redis after a while: the outcome lives in Postgres.
 */
export const SIMULATION_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 24 * 3600 },
} as const;
