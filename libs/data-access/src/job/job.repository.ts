import { Prisma } from '../generated/prisma/client';
import type { $Enums } from '../generated/prisma/client';
import { decodeCursor, encodeCursor, pageSize, type Page } from '../cursor';
import { isUniqueViolation } from '../database-errors';
import { fromJson, fromNullableJson, toJson } from '../json';
import type { PrismaService } from '../prisma.service';
import type {
  CreateJobInput,
  FlowResultInput,
  FlowResultRecord,
  FlowTally,
  JobKindRecord,
  JobRecord,
  JobStatusRecord,
} from './job-records';

/**
 * Rows are read without `request`: a batch's request can hold 100,000 flows (about 12 MB), and
 * reading a job's status or result must not parse it. `request(id)` reads it on its own.
 */
const WITHOUT_REQUEST = { request: true } as const;
type JobRow = Prisma.JobGetPayload<{ omit: typeof WITHOUT_REQUEST }>;

const KIND_TO_DB: Record<JobKindRecord, $Enums.JobKind> = { trace: 'trace', 'trace-batch': 'trace_batch', diff: 'diff' };
const KIND_FROM_DB: Record<$Enums.JobKind, JobKindRecord> = { trace: 'trace', trace_batch: 'trace-batch', diff: 'diff' };
const OPEN: $Enums.JobStatus[] = ['queued', 'running'];

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: KIND_FROM_DB[row.kind],
    status: row.status,
    requestHash: row.requestHash,
    idempotencyKey: row.idempotencyKey,
    snapshotIds: row.snapshotIds,
    progressDone: row.progressDone,
    progressTotal: row.progressTotal,
    result: fromNullableJson<unknown>(row.result),
    expectPassed: row.expectPassed,
    expectFailed: row.expectFailed,
    expectNone: row.expectNone,
    error: fromNullableJson<JobRecord['error']>(row.error),
    attempts: row.attempts,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export interface RecordFlowsResult {
  /** Flows stored by this call (0 when all were stored before, or the job has ended). */
  added: number;
  done: number;
  total: number;
  /** The job's status; null when the job does not exist. */
  status: JobStatusRecord | null;
}

export interface CreateJobResult {
  job: JobRecord;
  /** False when the idempotency key already named a job (that job is returned). */
  created: boolean;
}

/** Jobs and their per-flow results. Status changes are conditional so that a cancelled job stays cancelled. */
export class JobRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(input: CreateJobInput): Promise<CreateJobResult> {
    if (input.idempotencyKey !== null) {
      const existing = await this.findByIdempotencyKey(input.idempotencyKey);
      if (existing !== null) return { job: existing, created: false };
    }
    try {
      const row = await this.prisma.client.job.create({
        omit: WITHOUT_REQUEST,
        data: {
          kind: KIND_TO_DB[input.kind],
          request: toJson(input.request),
          requestHash: input.requestHash,
          idempotencyKey: input.idempotencyKey,
          snapshotIds: input.snapshotIds,
        },
      });
      return { job: toRecord(row), created: true };
    } catch (error) {
      // Two requests with one key at once: the loser answers with the winner's job.
      if (input.idempotencyKey !== null && isUniqueViolation(error)) {
        const existing = await this.findByIdempotencyKey(input.idempotencyKey);
        if (existing !== null) return { job: existing, created: false };
      }
      throw error;
    }
  }

  async findByIdempotencyKey(key: string): Promise<JobRecord | null> {
    const row = await this.prisma.client.job.findUnique({ where: { idempotencyKey: key }, omit: WITHOUT_REQUEST });
    return row === null ? null : toRecord(row);
  }

  async get(id: string): Promise<JobRecord | null> {
    const row = await this.prisma.client.job.findUnique({ where: { id }, omit: WITHOUT_REQUEST });
    return row === null ? null : toRecord(row);
  }

  /** The job's request as submitted (validated); null when there is no such job. */
  async request(id: string): Promise<unknown> {
    const row = await this.prisma.client.job.findUnique({ where: { id }, select: { request: true } });
    return row === null ? null : fromJson<unknown>(row.request);
  }

  async status(id: string): Promise<JobStatusRecord | null> {
    const row = await this.prisma.client.job.findUnique({ where: { id }, select: { status: true } });
    return row?.status ?? null;
  }

  /** Newest first. */
  async list(input: { first?: number | null; after?: string | null; kind?: JobKindRecord | null }): Promise<Page<JobRecord>> {
    const take = pageSize(input.first);
    let where: Prisma.JobWhereInput = input.kind ? { kind: KIND_TO_DB[input.kind] } : {};
    if (input.after) {
      const [at, id] = decodeCursor('job', input.after, 2) as [string, string];
      const createdAt = new Date(at);
      where = { AND: [where, { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] }] };
    }
    const rows = await this.prisma.client.job.findMany({
      where,
      omit: WITHOUT_REQUEST,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: take + 1,
    });
    const items = rows.slice(0, take).map(toRecord);
    const last = items.at(-1);
    return {
      items,
      endCursor: last === undefined ? null : encodeCursor('job', [last.createdAt.toISOString(), last.id]),
      hasNextPage: rows.length > take,
    };
  }

  /** Deletes a job that never reached the queue (the enqueue failed). */
  async discard(id: string): Promise<void> {
    await this.prisma.client.job.deleteMany({ where: { id, status: 'queued', attempts: 0 } });
  }

  /** queued|running -> running, counting the attempt. False when the job is gone or already ended. */
  async start(id: string): Promise<boolean> {
    const { count } = await this.prisma.client.job.updateMany({
      where: { id, status: { in: OPEN } },
      data: { status: 'running', attempts: { increment: 1 }, startedAt: new Date() },
    });
    return count === 1;
  }

  async setTotal(id: string, total: number): Promise<void> {
    await this.prisma.client.job.updateMany({ where: { id, status: { in: OPEN } }, data: { progressTotal: total } });
  }

  async setProgress(id: string, done: number): Promise<void> {
    await this.prisma.client.job.updateMany({ where: { id, status: { in: OPEN } }, data: { progressDone: done } });
  }

  /**
   * Stores flows of a batch once each, in one statement: a flow already stored (a chunk run again
   * after its worker died) is skipped, progress counts only the new ones, and nothing is stored
   * once the job has ended (cancelled, failed). Returns how many were new and the progress after.
   */
  async recordFlows(jobId: string, worker: string, flows: FlowResultInput[]): Promise<RecordFlowsResult> {
    // A column each: Postgres reads each document once, as json, rather than the whole chunk as one
    // jsonb document and each row's documents out of it again.
    const column = <T>(value: (flow: FlowResultInput) => T): T[] => flows.map(value);
    const rows = await this.prisma.client.$queryRaw<{ added: number; done: number; total: number; status: JobStatusRecord }[]>(Prisma.sql`
      WITH open_job AS (
        SELECT id FROM "Job" WHERE id = ${jobId} AND status IN ('queued', 'running')
      ), added AS (
        INSERT INTO "JobFlowResult" ("jobId", "index", "label", "request", "outcome", "disposition", "expect", "passed", "trace", "worker")
        SELECT open_job.id, f.index, f.label, f.request, f.outcome, f.disposition, f.expect, f.passed, f.trace, ${worker}
        FROM open_job, unnest(
          ${column((f) => f.index)}::int[], ${column((f) => f.label)}::text[],
          ${column((f) => f.request)}::json[], ${column((f) => f.outcome)}::json[], ${column((f) => f.disposition)}::text[],
          ${column((f) => f.expect)}::text[], ${column((f) => f.passed)}::boolean[], ${column((f) => f.trace)}::json[]
        ) AS f(index, label, request, outcome, disposition, expect, passed, trace)
        ON CONFLICT ("jobId", "index") DO NOTHING
        RETURNING 1
      ), counted AS (
        SELECT count(*)::int AS n FROM added
      ), progressed AS (
        UPDATE "Job" SET "progressDone" = "progressDone" + counted.n
        FROM counted WHERE id = ${jobId} AND status IN ('queued', 'running') AND counted.n > 0
        RETURNING "progressDone", "progressTotal", status
      )
      SELECT counted.n AS added,
             COALESCE(progressed."progressDone", j."progressDone") AS done,
             COALESCE(progressed."progressTotal", j."progressTotal") AS total,
             COALESCE(progressed.status, j.status)::text AS status
      FROM counted CROSS JOIN "Job" j LEFT JOIN progressed ON true
      WHERE j.id = ${jobId}`);
    const row = rows[0];
    return row === undefined
      ? { added: 0, done: 0, total: 0, status: null }
      : { added: row.added, done: row.done, total: row.total, status: row.status };
  }

  /** Counts over the stored flows of a batch (their disposition column, not their documents). */
  async tallyFlows(jobId: string): Promise<FlowTally> {
    const rows = await this.prisma.client.$queryRaw<{ disposition: string | null; passed: boolean | null; n: bigint }[]>(Prisma.sql`
      SELECT disposition, passed, count(*) AS n
      FROM "JobFlowResult" WHERE "jobId" = ${jobId} GROUP BY 1, 2`);
    const workers = await this.prisma.client.jobFlowResult.groupBy({
      by: ['worker'],
      where: { jobId },
      _count: { _all: true },
      orderBy: { worker: 'asc' },
    });
    const byWorker = Object.fromEntries(workers.map((w) => [w.worker, w._count._all]));
    const tally: FlowTally = { total: 0, passed: 0, failed: 0, unchecked: 0, byDisposition: {}, byWorker };
    for (const row of rows) {
      const n = Number(row.n);
      tally.total += n;
      if (row.passed === true) tally.passed += n;
      else if (row.passed === false) tally.failed += n;
      else tally.unchecked += n;
      const key = row.disposition ?? 'ERROR';
      tally.byDisposition[key] = (tally.byDisposition[key] ?? 0) + n;
    }
    return tally;
  }

  /** Flows of a batch in index order. `onlyFailed` keeps the flows that failed their expectation. */
  async flows(
    jobId: string,
    input: { first?: number | null; after?: string | null; onlyFailed?: boolean; max?: number },
  ): Promise<Page<FlowResultRecord>> {
    const take = input.max ?? pageSize(input.first);
    const after = input.after ? Number(decodeCursor('flow', input.after, 1)[0]) : -1;
    const rows = await this.prisma.client.jobFlowResult.findMany({
      where: { jobId, index: { gt: after }, ...(input.onlyFailed === true ? { passed: false } : {}) },
      orderBy: { index: 'asc' },
      take: take + 1,
    });
    const items: FlowResultRecord[] = rows.slice(0, take).map((r) => ({
      index: r.index,
      label: r.label,
      request: fromJson<unknown>(r.request),
      outcome: fromJson<unknown>(r.outcome),
      expect: r.expect,
      passed: r.passed,
      trace: fromNullableJson<unknown>(r.trace),
      worker: r.worker,
    }));
    const last = items.at(-1);
    return { items, endCursor: last === undefined ? null : encodeCursor('flow', [String(last.index)]), hasNextPage: rows.length > take };
  }

  /** Which worker traced each flow (index order), for operators and for the exactly-once checks. */
  async flowWorkers(jobId: string): Promise<{ index: number; worker: string }[]> {
    return this.prisma.client.jobFlowResult.findMany({
      where: { jobId },
      select: { index: true, worker: true },
      orderBy: { index: 'asc' },
    });
  }

  /** running -> completed with its result; `progress` overrides the counters (a single trace: 1 of 1). */
  async complete(
    id: string,
    result: object | null,
    expectations: { passed: number; failed: number; unchecked: number },
    progress?: { done: number; total: number },
  ): Promise<boolean> {
    const { count } = await this.prisma.client.job.updateMany({
      where: { id, status: 'running' },
      data: {
        status: 'completed',
        result: result === null ? Prisma.DbNull : toJson(result),
        expectPassed: expectations.passed,
        expectFailed: expectations.failed,
        expectNone: expectations.unchecked,
        ...(progress === undefined ? {} : { progressDone: progress.done, progressTotal: progress.total }),
        finishedAt: new Date(),
      },
    });
    return count === 1;
  }

  async fail(id: string, error: { code: string; message: string; details?: unknown }): Promise<boolean> {
    const { count } = await this.prisma.client.job.updateMany({
      where: { id, status: { in: OPEN } },
      data: { status: 'failed', error: toJson(error), finishedAt: new Date() },
    });
    return count === 1;
  }

  /** queued|running -> cancelled. Returns the job as it is afterwards (null when there is none). */
  async cancel(id: string): Promise<JobRecord | null> {
    await this.prisma.client.job.updateMany({ where: { id, status: { in: OPEN } }, data: { status: 'cancelled', finishedAt: new Date() } });
    return this.get(id);
  }
}
