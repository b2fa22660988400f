import { Inject, Injectable } from '@nestjs/common';
import { JOB_REQUEST_SCHEMAS, TERMINAL_JOB_STATUSES, type JobKind, type JobStatus } from '@hookpath/contracts';
import { JobRepository, SnapshotRepository, type FlowResultRecord, type JobRecord, type Page } from '@hookpath/data-access';
import { ApiException } from '../errors/api.exception';
import { idempotencyKeyReused, jobNotFound, snapshotNotFound } from './job-errors';
import { JobEvents } from './job-events';
import { JobQueue } from './job-queue';
import { validateJobInput } from './job-validation';
import { requestHash } from './request-hash';

/** Longest a request may wait for a job to end (`?wait=`). */
export const MAX_WAIT_SECONDS = 60;
/** Waiters re-read the job this often even without an event (Redis away, an event missed). */
export const WAIT_RECHECK_MS = 500;
/** Pages of a batch's flows. */
export const FLOW_PAGE = { defaultSize: 100, maxSize: 1000 };

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const REQUEST_FIX: Record<JobKind, string> = {
  trace:
    'send {"snapshotId", "from", "src", "dst", "proto"?, "sport"?, "dport"?, "icmpId"?, "mark"?, "tcpFlags"?, "ttl"?, "backend"?, "choose"?, "roundTrip"?, "expect"?, "branches"?} (GET /api/docs)',
  'trace-batch':
    'send {"snapshotId", "flows": [...] and/or "generators": [{"name": "pods-to-services"}], "expect"?, "branches"?, "roundTrip"?} (GET /api/docs)',
  diff: 'send {"baseSnapshotId", "targetSnapshotId", "flows"?, "generators"?, "expect"?, "branches"?, "roundTrip"?} (GET /api/docs)',
};

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_JOB_STATUSES.includes(status);
}

export interface SubmitResult {
  job: JobRecord;
  /** False when the Idempotency-Key named an existing job, which is returned. */
  created: boolean;
}

/** Snapshot ids a request refers to, with the field that names each (for the 404 message). */
function snapshotRefs(kind: JobKind, request: Record<string, unknown>): { field: string; id: string }[] {
  switch (kind) {
    case 'trace':
    case 'trace-batch':
      return [{ field: 'snapshotId', id: String(request['snapshotId']) }];
    case 'diff':
      return [
        { field: 'baseSnapshotId', id: String(request['baseSnapshotId']) },
        { field: 'targetSnapshotId', id: String(request['targetSnapshotId']) },
      ];
  }
}

/**
 * Submitting, reading, cancelling and waiting for simulation jobs. Postgres holds the job (the
 * request, status, progress, result); Redis only carries the queue entry and progress events, so
 * reading a job works while Redis is away.
 */
@Injectable()
export class JobsService {
  constructor(
    @Inject(JobRepository) private readonly jobs: JobRepository,
    @Inject(SnapshotRepository) private readonly snapshots: SnapshotRepository,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(JobEvents) private readonly events: JobEvents,
  ) {}

  /**
   * Validates and stores the request, then queues it. The same Idempotency-Key with the same
   * request returns the first job (queued again if it is still queued: the BullMQ id is
   * deterministic, so that adds nothing when the entry exists); with another request it is a 422.
   * When the queue cannot take a new job the row is deleted again and the answer is a 503.
   */
  async submit(kind: JobKind, body: unknown, key: string | null | undefined, where: 'body' | 'input' = 'body'): Promise<SubmitResult> {
    const idempotencyKey = key ?? null;
    if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ApiException('INVALID_REQUEST', 'the Idempotency-Key header must be 1 to 200 printable ASCII characters without spaces', {
        fix: 'use a UUID or the CI pipeline and step id',
      });
    }
    const request = validateJobInput(JOB_REQUEST_SCHEMAS[kind], body, where, REQUEST_FIX[kind]) as Record<string, unknown>;
    const refs = snapshotRefs(kind, request);
    const found = await Promise.all(refs.map((ref) => this.snapshots.get(ref.id)));
    const missing = refs.find((_, i) => found[i] === null);
    if (missing !== undefined) throw snapshotNotFound(missing.id, `${where}.${missing.field}`);

    const hash = requestHash(kind, request);
    const { job, created } = await this.jobs.create({
      kind,
      request,
      requestHash: hash,
      idempotencyKey,
      snapshotIds: [...new Set(refs.map((r) => r.id))],
    });
    if (!created && (job.requestHash !== hash || job.kind !== kind)) throw idempotencyKeyReused(idempotencyKey ?? '', job.id);
    if (job.status === 'queued') {
      try {
        await this.queue.enqueue(kind, job.id);
      } catch (error) {
        // Nothing half-stored: a job no worker will ever see must not be left queued.
        if (created) await this.jobs.discard(job.id);
        throw error;
      }
    }
    return { job, created };
  }

  /** The job, when it exists and (with `kind`) is of that kind. */
  async get(id: string, kind?: JobKind): Promise<JobRecord> {
    const job = await this.jobs.get(id);
    if (job === null || (kind !== undefined && job.kind !== kind)) throw jobNotFound(id, kind ?? 'simulation');
    return job;
  }

  /** The job's request as submitted (validated). */
  async request(id: string): Promise<unknown> {
    const request = await this.jobs.request(id);
    if (request === null) throw jobNotFound(id, 'simulation');
    return request;
  }

  async list(input: { first?: number | null; after?: string | null; kind?: JobKind | null }): Promise<Page<JobRecord>> {
    return this.jobs.list(input);
  }

  /**
   * queued|running -> cancelled, and the queue entry is removed when it is still waiting (a
   * running job stops at the worker's next status check). Cancelling a job that has already
   * ended changes nothing and returns it as it is.
   */
  async cancel(id: string, kind?: JobKind): Promise<JobRecord> {
    const before = await this.get(id, kind);
    if (isTerminal(before.status)) return before;
    const after = await this.jobs.cancel(id);
    if (after === null) throw jobNotFound(id, kind ?? 'simulation');
    if (after.status === 'cancelled') await this.queue.remove(after.kind, after.id);
    return after;
  }

  /**
   * A page of the stored flows of a batch or a diff (a diff's outcome is `{base, target, changes}`),
   * in index order; `failedOnly` keeps those that failed their expectation.
   */
  async flows(
    id: string,
    kind: 'trace-batch' | 'diff',
    input: { first?: number | null; after?: string | null; failedOnly?: boolean },
  ): Promise<Page<FlowResultRecord>> {
    await this.get(id, kind);
    const first = Math.min(FLOW_PAGE.maxSize, Math.max(1, Math.trunc(input.first ?? FLOW_PAGE.defaultSize)));
    return this.jobs.flows(id, { after: input.after ?? null, onlyFailed: input.failedOnly === true, max: first });
  }

  /**
   * The job once it has ended, or as it is when `seconds` have passed. Wakes on the workers'
   * events and re-reads Postgres every WAIT_RECHECK_MS regardless, so it works (more slowly)
   * without Redis. `signal` ends the wait early (the client went away).
   */
  async waitForEnd(id: string, seconds: number, kind?: JobKind, signal?: AbortSignal): Promise<JobRecord> {
    const job = await this.get(id, kind);
    const deadline = Date.now() + Math.min(MAX_WAIT_SECONDS, Math.max(0, seconds)) * 1000;
    let status: JobStatus | null = job.status;
    let waited = false;
    while (status !== null && !isTerminal(status) && Date.now() < deadline && signal?.aborted !== true) {
      await this.events.next(id, Math.min(WAIT_RECHECK_MS, deadline - Date.now()), signal);
      waited = true;
      status = await this.jobs.status(id);
    }
    // Progress moves without a status change: read the job again after any wait.
    return waited ? this.get(id, kind) : job;
  }
}
