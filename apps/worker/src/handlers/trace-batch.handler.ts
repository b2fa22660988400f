import { Injectable } from '@nestjs/common';
import { traceBatchRequestSchema, type JobPayload } from '@hookpath/contracts';
import type { JobHandler } from '../processor/job-handler';
import { BatchFanOut } from '../simulation/batch-fan-out';
import { expandFlowSet } from '../simulation/flow-set';
import { JobContext } from '../simulation/job-context';
import { storedRequest } from './request-schema';

/** Expands a batch (explicit flows and generators) and fans it out as chunk jobs. */
@Injectable()
export class TraceBatchHandler implements JobHandler<'trace-batch'> {
  readonly name = 'trace-batch' as const;

  constructor(
    private readonly ctx: JobContext,
    private readonly fanOut: BatchFanOut,
  ) {}

  async handle({ jobId }: JobPayload<'trace-batch'>): Promise<void> {
    const stored = await this.ctx.request(jobId);
    if (!(await this.ctx.jobs.start(jobId))) return;
    const request = storedRequest(traceBatchRequestSchema, stored, jobId);
    const compiled = await this.ctx.snapshots.get(request.snapshotId);
    const flows = expandFlowSet(compiled.model, request);
    await this.ctx.jobs.setTotal(jobId, flows.length);
    if (flows.length === 0) {
      if (await this.ctx.jobs.complete(jobId, { total: 0, byDisposition: {}, byWorker: {} }, { passed: 0, failed: 0, unchecked: 0 })) {
        await this.ctx.announce(jobId, 'completed', 0, 0);
      }
      return;
    }
    await this.fanOut.fanOut(jobId, request.snapshotId, flows);
    await this.ctx.announce(jobId, 'running', 0, flows.length);
  }
}
