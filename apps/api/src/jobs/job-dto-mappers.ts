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
    expectations: job.status === 'completed' && checked > 0 ? { passed: job.expectPassed, failed: job.expectFailed, unchecked: job.expectNone } : null,
    error: job.error,
    attempts: job.attempts,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
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
  };
}
