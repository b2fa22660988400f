import { z } from 'zod';
import { branchQuantifierSchema, flowExpectationSchema, flowGeneratorSchema, flowSchema, MAX_BATCH_FLOWS } from './flow-request';

const snapshotId = z.uuid({ message: 'expected a snapshot id (uuid)' });

/** `POST /api/v1/traces`: one flow, as `hookpath trace` takes it. */
export const traceJobRequestSchema = flowSchema.and(z.object({ snapshotId }));
export type TraceJobRequest = z.infer<typeof traceJobRequestSchema>;

const flowSetFields = {
  flows: z.array(flowSchema).min(1).max(MAX_BATCH_FLOWS).optional(),
  generators: z.array(flowGeneratorSchema).min(1).max(8).optional(),
  /** The expectation of every flow that has none of its own (generated flows included). */
  expect: flowExpectationSchema.optional(),
  /** How the expectation of every flow that does not say reads its branches: `all` (default) or `any`. */
  branches: branchQuantifierSchema.optional(),
  /** Trace every flow's answer as well. */
  roundTrip: z.boolean().optional(),
};

/** `POST /api/v1/trace-batches`: up to 100,000 flows, or generators, or both. */
export const traceBatchRequestSchema = z
  .object({ snapshotId, ...flowSetFields })
  .strict()
  .refine((r) => r.flows !== undefined || r.generators !== undefined, { message: 'give flows, generators or both', path: ['flows'] })
  .refine((r) => r.expect !== 'same-as-base' && (r.flows ?? []).every((f) => f.expect !== 'same-as-base'), {
    message: '"same-as-base" applies to diffs only',
    path: ['expect'],
  });
export type TraceBatchRequest = z.infer<typeof traceBatchRequestSchema>;

/**
 * `POST /api/v1/diffs`: the structural diff of two snapshots and the behavioural diff of a flow set
 * traced on both (default: every generator, on the base snapshot).
 */
export const diffJobRequestSchema = z.object({ baseSnapshotId: snapshotId, targetSnapshotId: snapshotId, ...flowSetFields }).strict();
export type DiffJobRequest = z.infer<typeof diffJobRequestSchema>;

export const JOB_REQUEST_SCHEMAS = {
  trace: traceJobRequestSchema,
  'trace-batch': traceBatchRequestSchema,
  diff: diffJobRequestSchema,
} as const;
