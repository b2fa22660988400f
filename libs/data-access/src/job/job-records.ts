export type JobKindRecord = 'trace' | 'trace-batch' | 'diff';
export type JobStatusRecord = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface JobRecord {
  id: string;
  kind: JobKindRecord;
  status: JobStatusRecord;
  /** The request itself is read with JobRepository.request (it can be large). */
  requestHash: string;
  idempotencyKey: string | null;
  snapshotIds: string[];
  progressDone: number;
  progressTotal: number;
  result: unknown;
  expectPassed: number;
  expectFailed: number;
  expectNone: number;
  error: { code: string; message: string; details?: unknown } | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface CreateJobInput {
  kind: JobKindRecord;
  request: object;
  requestHash: string;
  idempotencyKey: string | null;
  snapshotIds: string[];
}

/**
 * One traced flow of a batch, as the worker writes it: its documents as JSON text, written as each
 * flow is traced, so that a chunk holds each flow's results as a few strings until they are stored
 * (not object graphs that outlive V8's young generation and fill the old one).
 */
export interface FlowResultInput {
  index: number;
  label: string | null;
  /** JSON. */
  request: string;
  /** JSON. */
  outcome: string;
  /** The outcome's disposition, counted by the batch's tally; null for a flow the snapshot could not place, and for a diff's flows. */
  disposition: string | null;
  expect: string | null;
  passed: boolean | null;
  /** JSON; null when the full trace is not kept. */
  trace: string | null;
}

export interface FlowResultRecord extends Omit<FlowResultInput, 'request' | 'outcome' | 'disposition' | 'trace'> {
  request: unknown;
  outcome: unknown;
  trace: unknown;
  worker: string;
}

/** Counts over a batch's stored flows. */
export interface FlowTally {
  total: number;
  passed: number;
  failed: number;
  unchecked: number;
  byDisposition: Record<string, number>;
  /** Flows per worker that traced them. */
  byWorker: Record<string, number>;
}
