import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../pagination/connection';
import { JsonScalar } from '../scalars/json.scalar';
import { TraceType } from './trace.type';

export enum JobKindValue {
  TRACE = 'trace',
  TRACE_BATCH = 'trace-batch',
  DIFF = 'diff',
}

registerEnumType(JobKindValue, { name: 'JobKind', description: 'A trace of one flow, a batch of flows, or a diff of two snapshots.' });

export enum JobStatusValue {
  QUEUED = 'queued',
  RUNNING = 'running',
  COMPLETED = 'completed',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
}

registerEnumType(JobStatusValue, { name: 'JobStatus', description: 'COMPLETED, FAILED and CANCELLED are final.' });

@ObjectType('JobProgress')
export class JobProgressType {
  @Field(() => Int, { description: 'Flows traced so far.' })
  done!: number;

  @Field(() => Int, { description: 'Flows to trace; 0 until the worker has counted them.' })
  total!: number;
}

@ObjectType('ExpectationSummary', { description: 'Pass/fail of the flows that carried an expectation.' })
export class ExpectationSummaryType {
  @Field(() => Int)
  passed!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int, { description: 'Flows without an expectation.' })
  unchecked!: number;
}

@ObjectType('JobError')
export class JobErrorType {
  @Field({ description: 'Stable code, as in REST errors.' })
  code!: string;

  @Field()
  message!: string;

  @Field(() => JsonScalar, { nullable: true })
  details!: unknown;
}

@ObjectType('BatchFlow', { description: 'One traced flow of a batch or a diff.' })
export class BatchFlowType {
  @Field(() => Int, { description: 'Position in the batch (explicit flows first, then generated ones).' })
  index!: number;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => JsonScalar, { description: 'The flow as traced: from, src, dst, proto, ports, ...' })
  request!: unknown;

  @Field(() => JsonScalar, { description: 'disposition, dropReason, end point, diagnosis codes; or `error` when it could not be traced.' })
  outcome!: unknown;

  @Field(() => String, { nullable: true })
  expect!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Null without an expectation.' })
  passed!: boolean | null;

  @Field(() => JsonScalar, { nullable: true, description: 'The full trace document of a flow that failed its expectation.' })
  trace!: unknown;

  @Field(() => [Int], {
    description:
      "1-based numbers of the branches of the flow's trace that did not meet its expectation (in a diff, the target's); empty without branches or expectation.",
  })
  failedBranches!: number[];
}

@ObjectType('BatchFlowConnection')
export class BatchFlowConnectionType extends Connection(BatchFlowType, 'BatchFlow') {}

/** Fields read from the stored job; `flows` is resolved by JobResolver. */
@ObjectType('Job', {
  description:
    'A simulation job. For progress, subscribe to `jobProgress(id)` (graphql-ws), or poll `job(id) { status progress { done total } }` (every 500 ms to a few seconds) until the status is final.',
})
export class JobType {
  @Field(() => ID)
  id!: string;

  @Field(() => JobKindValue)
  kind!: JobKindValue;

  @Field(() => JobStatusValue)
  status!: JobStatusValue;

  @Field(() => JobProgressType)
  progress!: JobProgressType;

  @Field(() => JsonScalar, {
    nullable: true,
    description: 'When completed: the trace document (TRACE), the batch summary (TRACE_BATCH; its flows in `flows`), the diff (DIFF).',
  })
  result!: unknown;

  @Field(() => TraceType, {
    nullable: true,
    description: 'A completed TRACE job: its trace document (the same as `result`) as typed fields, with every branch.',
  })
  trace!: TraceType | null;

  @Field(() => ExpectationSummaryType, { nullable: true, description: 'When completed and some flow carried an expectation.' })
  expectations!: ExpectationSummaryType | null;

  @Field(() => JobErrorType, { nullable: true, description: 'Why the job failed.' })
  error!: JobErrorType | null;

  @Field(() => Int)
  attempts!: number;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  startedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  finishedAt!: Date | null;
}

@ObjectType('JobConnection')
export class JobConnectionType extends Connection(JobType, 'Job') {}
