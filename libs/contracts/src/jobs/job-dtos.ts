import type { JobKind, JobStatus } from './job-catalogue';

export interface JobErrorDto {
  code: string;
  message: string;
  details?: unknown;
}

/** Pass/fail of the flows that carried an expectation. */
export interface ExpectationSummaryDto {
  passed: number;
  failed: number;
  /** Flows without an expectation. */
  unchecked: number;
}

/**
 * A job as REST and GraphQL answer it. `result` is, for a trace, the trace document of
 * TRACE-CONTRACT.md; for a batch, its summary (flows at `.../flows`); for a diff, the diff.
 */
export interface JobDto {
  id: string;
  kind: JobKind;
  status: JobStatus;
  progress: { done: number; total: number };
  result: unknown;
  expectations: ExpectationSummaryDto | null;
  error: JobErrorDto | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One flow of a batch, in order. */
export interface BatchFlowDto {
  index: number;
  label: string | null;
  request: unknown;
  outcome: unknown;
  expect: string | null;
  passed: boolean | null;
  /** The full trace document; kept for flows that failed their expectation or failed to trace. */
  trace: unknown;
  /** 1-based numbers of the trace's branches that did not meet the expectation (a diff: the target's); empty without branches. */
  failedBranches: number[];
}
