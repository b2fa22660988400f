import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { JobKind } from '@hookpath/contracts';
import type { JobRecord } from '@hookpath/data-access';
import { RequiresScope } from '../../auth/auth.decorators';
import { ApiException } from '../../errors/api.exception';
import { failedBranchesOf, toJobDto } from '../../jobs/job-dto-mappers';
import { FLOW_PAGE, JobsService } from '../../jobs/jobs.service';
import { readPage } from '../pagination/cursor-error';
import { flowCursor, jobCursor } from '../pagination/job-cursor';
import { CONNECTION_PAGE, clampFirst, pagedCost } from '../pagination/page-size';
import { DiffInput, TraceBatchInput, TraceInput } from '../types/job-input.type';
import { JsonScalar } from '../scalars/json.scalar';
import { BatchFlowConnectionType, JobConnectionType, JobKindValue, JobStatusValue, JobType } from '../types/job.type';
import type { TraceType } from '../types/trace.type';

/** GraphQL leaves unset nullable input fields null; the request schemas want them absent. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

function toJobNode(job: JobRecord): JobType {
  const dto = toJobDto(job);
  return {
    id: job.id,
    kind: job.kind as JobKindValue,
    status: job.status as JobStatusValue,
    progress: dto.progress,
    result: dto.result,
    trace: job.kind === 'trace' && job.status === 'completed' && job.result !== null ? (job.result as TraceType) : null,
    expectations: dto.expectations,
    error: job.error === null ? null : { code: job.error.code, message: job.error.message, details: job.error.details ?? null },
    attempts: job.attempts,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

const IDEMPOTENCY_KEY_ARG = {
  type: () => String,
  nullable: true,
  description: 'The same key with the same input returns the job it created; with another input, IDEMPOTENCY_KEY_REUSED.',
} as const;

/**
 * Simulation jobs for the portal. Progress: subscribe to `jobProgress(id)` (JobProgressResolver),
 * or poll `job(id) { status progress { done total } }` until the status is final (the REST API
 * offers a long poll, `GET /api/v1/jobs/<id>?wait=<s>`, for clients that prefer one request).
 */
@Resolver(() => JobType)
export class JobResolver {
  constructor(@Inject(JobsService) private readonly service: JobsService) {}

  @Query(() => JobType, {
    nullable: true,
    description: 'One job by id; null when there is none. For progress, subscribe to `jobProgress` or poll this.',
  })
  async job(@Args('id', { type: () => ID }) id: string): Promise<JobType | null> {
    try {
      return toJobNode(await this.service.get(id));
    } catch (error) {
      if (error instanceof ApiException && error.code === 'JOB_NOT_FOUND') return null;
      throw error;
    }
  }

  @Query(() => JobConnectionType, {
    description: `Jobs, newest first. \`first\` defaults to ${CONNECTION_PAGE.defaultSize} and is capped at ${CONNECTION_PAGE.maxSize}.`,
    complexity: pagedCost(CONNECTION_PAGE),
  })
  async jobs(
    @Args('first', { type: () => Int, nullable: true, defaultValue: CONNECTION_PAGE.defaultSize }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Args('kind', { type: () => JobKindValue, nullable: true }) kind: JobKindValue | null,
  ): Promise<JobConnectionType> {
    const page = await readPage(() =>
      this.service.list({ first: clampFirst(first, CONNECTION_PAGE), after, kind: (kind ?? null) as JobKind | null }),
    );
    return {
      edges: page.items.map((job) => ({ cursor: jobCursor(job), node: toJobNode(job) })),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    };
  }

  @Mutation(() => JobType, { description: 'Queue a trace of one flow; `result` becomes the trace document.' })
  @RequiresScope('write')
  async submitTrace(
    @Args('input', { type: () => TraceInput }) input: TraceInput,
    @Args('idempotencyKey', IDEMPOTENCY_KEY_ARG) idempotencyKey: string | null,
  ): Promise<JobType> {
    return this.submit('trace', input, idempotencyKey);
  }

  @Mutation(() => JobType, { description: 'Queue a batch of up to 100,000 flows and/or generated flow sets.' })
  @RequiresScope('write')
  async submitTraceBatch(
    @Args('input', { type: () => TraceBatchInput }) input: TraceBatchInput,
    @Args('idempotencyKey', IDEMPOTENCY_KEY_ARG) idempotencyKey: string | null,
  ): Promise<JobType> {
    return this.submit('trace-batch', input, idempotencyKey);
  }

  @Mutation(() => JobType, { description: 'Queue a structural and behavioural diff of two snapshots.' })
  @RequiresScope('write')
  async submitDiff(
    @Args('input', { type: () => DiffInput }) input: DiffInput,
    @Args('idempotencyKey', IDEMPOTENCY_KEY_ARG) idempotencyKey: string | null,
  ): Promise<JobType> {
    return this.submit('diff', input, idempotencyKey);
  }

  @Mutation(() => JobType, { description: 'Cancel a queued or running job; a job that has ended is returned unchanged.' })
  @RequiresScope('write')
  async cancelJob(@Args('id', { type: () => ID }) id: string): Promise<JobType> {
    return toJobNode(await this.service.cancel(id));
  }

  @ResolveField(() => JsonScalar, {
    description: 'The request as submitted (validated); read only when asked for (a batch can list 100,000 flows).',
  })
  async request(@Parent() job: JobType): Promise<unknown> {
    return this.service.request(job.id);
  }

  @ResolveField(() => BatchFlowConnectionType, {
    nullable: true,
    description: `The traced flows of a batch or a diff (a diff's outcome is {base, target, changes}), in order; null for a trace. \`first\` defaults to ${FLOW_PAGE.defaultSize} and is capped at ${FLOW_PAGE.maxSize}.`,
    complexity: pagedCost(FLOW_PAGE),
  })
  async flows(
    @Parent() job: JobType,
    @Args('first', { type: () => Int, nullable: true, defaultValue: FLOW_PAGE.defaultSize }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Args('failedOnly', {
      type: () => Boolean,
      nullable: true,
      defaultValue: false,
      description: 'Only the flows that failed their expectation.',
    })
    failedOnly: boolean | null,
  ): Promise<BatchFlowConnectionType | null> {
    if (job.kind === JobKindValue.TRACE) return null;
    const kind = job.kind === JobKindValue.DIFF ? 'diff' : 'trace-batch';
    const page = await readPage(() =>
      this.service.flows(job.id, kind, { first: clampFirst(first, FLOW_PAGE), after, failedOnly: failedOnly === true }),
    );
    return {
      edges: page.items.map((flow) => ({
        cursor: flowCursor(flow),
        node: {
          index: flow.index,
          label: flow.label,
          request: flow.request,
          outcome: flow.outcome,
          expect: flow.expect,
          passed: flow.passed,
          trace: flow.trace ?? null,
          failedBranches: failedBranchesOf(flow.outcome),
        },
      })),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    };
  }

  private async submit(kind: JobKind, input: object, idempotencyKey: string | null): Promise<JobType> {
    const { job } = await this.service.submit(kind, withoutNulls({ ...input }), idempotencyKey, 'input');
    return toJobNode(job);
  }
}
