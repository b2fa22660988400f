import type { BatchFlowDto, JobDto } from '@hookpath/contracts';
import type { FlowResultRecord, JobRecord } from '@hookpath/data-access';

export function toJobDto(job: JobRecord): JobDto {
  const checked = job.expectPassed + job.expectFailed;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: { done: job.progressDone, total: job.progressTotal },
    result: job.result ?? null,
    // Known once the job has ended; a job whose flows carried no expectation has none.
    expectations:
      job.status === 'completed' && checked > 0 ? { passed: job.expectPassed, failed: job.expectFailed, unchecked: job.expectNone } : null,
    error: job.error,
    attempts: job.attempts,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** The branches the worker found failing a flow's expectation (stored with its outcome); none when it stored none. */
export function failedBranchesOf(outcome: unknown): number[] {
  const stored = outcome !== null && typeof outcome === 'object' ? (outcome as { failedBranches?: unknown }).failedBranches : undefined;
  return Array.isArray(stored) ? stored.filter((n): n is number => Number.isInteger(n)) : [];
}

export function toBatchFlowDto(flow: FlowResultRecord): BatchFlowDto {
  return {
    index: flow.index,
    label: flow.label,
    request: flow.request,
    outcome: flow.outcome,
    expect: flow.expect,
    passed: flow.passed,
    trace: flow.trace ?? null,
    failedBranches: failedBranchesOf(flow.outcome),
  };
}
