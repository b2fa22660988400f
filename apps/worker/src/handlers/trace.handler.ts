import { Injectable } from '@nestjs/common';
import { traceJobRequestSchema, type Flow, type JobPayload } from '@hookpath/contracts';
import { TraceRequestError, type CompiledSnapshot, type Trace } from '@hookpath/engine';
import type { JobHandler } from '../processor/job-handler';
import { JobInputError } from '../processor/job-input-error';
import { tallyOf, verdictOf } from '../simulation/expectation';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { traceFlow } from '../simulation/flow-trace';
import { JobContext } from '../simulation/job-context';
import { storedRequest } from './request-schema';

/** A flow the snapshot cannot place (unknown host or interface, bad packet) fails the job as bad input. */
function traceOrRefuse(metrics: WorkerMetrics, compiled: CompiledSnapshot, flow: Flow): Trace {
  try {
    return metrics.traced(compiled, () => traceFlow(compiled, flow));
  } catch (error) {
    if (error instanceof TraceRequestError) throw new JobInputError('TRACE_REQUEST_INVALID', error.message, { reason: error.code });
    throw error;
  }
}

/** One flow: the result is the trace document (TRACE-CONTRACT.md). */
@Injectable()
export class TraceHandler implements JobHandler<'trace'> {
  readonly name = 'trace' as const;

  constructor(private readonly ctx: JobContext) {}

  async handle({ jobId }: JobPayload<'trace'>): Promise<void> {
    const stored = await this.ctx.request(jobId);
    if (!(await this.ctx.jobs.start(jobId))) return;
    const request = storedRequest(traceJobRequestSchema, stored, jobId);
    const compiled = await this.ctx.snapshots.get(request.snapshotId);
    const trace = traceOrRefuse(this.ctx.metrics, compiled, request);
    const { passed } = verdictOf(request.expect, request.branches, trace);
    if (await this.ctx.jobs.complete(jobId, trace, tallyOf([passed]), { done: 1, total: 1 })) {
      await this.ctx.announce(jobId, 'completed', 1, 1);
    }
  }
}
