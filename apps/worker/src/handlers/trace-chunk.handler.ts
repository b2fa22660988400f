import { Injectable } from '@nestjs/common';
import type { FlowResultInput } from '@hookpath/data-access';
import type { Flow, JobPayload } from '@hookpath/contracts';
import { isFlowError, summarizeTrace, type FlowError, type FlowResult } from '@hookpath/diff';
import { TraceRequestError, type CompiledSnapshot, type Trace } from '@hookpath/engine';
import type { JobHandler } from '../processor/job-handler';
import { verdictOf } from '../simulation/expectation';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { traceFlow } from '../simulation/flow-trace';
import { JobContext } from '../simulation/job-context';

/**
 * A flow the snapshot cannot place fails alone; the batch goes on. The outcome of a flow whose
 * trace has branches lists, in `failedBranches`, those that did not meet its expectation.
 */
function tracedFlow(metrics: WorkerMetrics, compiled: CompiledSnapshot, flow: Flow, index: number): FlowResultInput {
  const { expect, label, ...request } = flow;
  const row = (outcome: FlowResult, passed: boolean | null, trace: Trace | null): FlowResultInput => ({
    index,
    label: label ?? null,
    request: JSON.stringify(request),
    outcome: JSON.stringify(outcome),
    disposition: isFlowError(outcome) ? null : outcome.disposition,
    expect: expect ?? null,
    passed,
    trace: trace === null ? null : JSON.stringify(trace),
  });
  try {
    const trace = metrics.traced(compiled, () => traceFlow(compiled, flow));
    const { passed, failedBranches } = verdictOf(expect, flow.branches, trace);
    const summary = summarizeTrace(trace);
    const outcome = failedBranches.length === 0 ? summary : { ...summary, failedBranches };
    return row(outcome, passed, passed === false ? trace : null);
  } catch (error) {
    if (!(error instanceof TraceRequestError)) throw error;
    const outcome: FlowError = { error: error.code, message: error.message };
    return row(outcome, expect === undefined ? null : false, null);
  }
}

/** Traces one slice of a batch and stores each flow once. */
@Injectable()
export class TraceChunkHandler implements JobHandler<'trace-chunk'> {
  readonly name = 'trace-chunk' as const;

  constructor(private readonly ctx: JobContext) {}

  async handle({ jobId, snapshotId, start, flows }: JobPayload<'trace-chunk'>): Promise<void> {
    // A cancelled (or failed) batch's remaining chunks end here, without tracing.
    if ((await this.ctx.jobs.status(jobId)) !== 'running') return;
    const compiled = await this.ctx.snapshots.get(snapshotId);
    const rows = flows.map((flow, i) => tracedFlow(this.ctx.metrics, compiled, flow, start + i));
    const stored = await this.ctx.jobs.recordFlows(jobId, this.ctx.config.workerName, rows);
    if (stored.added > 0 && stored.status !== null) await this.ctx.announce(jobId, stored.status, stored.done, stored.total);
  }
}
