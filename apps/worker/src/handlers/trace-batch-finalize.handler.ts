import { Injectable } from '@nestjs/common';
import type { JobPayload } from '@hookpath/contracts';
import type { JobHandler } from '../processor/job-handler';
import { JobContext } from '../simulation/job-context';

/** Runs after every chunk of a batch: checks that every flow is stored and writes the summary. */
@Injectable()
export class TraceBatchFinalizeHandler implements JobHandler<'trace-batch-finalize'> {
  readonly name = 'trace-batch-finalize' as const;

  constructor(private readonly ctx: JobContext) {}

  async handle({ jobId }: JobPayload<'trace-batch-finalize'>): Promise<void> {
    const job = await this.ctx.load(jobId);
    if (job.status !== 'running') return;
    const tally = await this.ctx.jobs.tallyFlows(jobId);
    if (tally.total !== job.progressTotal) {
      // A chunk ended without storing its flows (it saw the job not running): nothing to finish.
      throw new Error(`batch ${jobId}: ${tally.total} of ${job.progressTotal} flows stored after every chunk ended`);
    }
    const expectations = { passed: tally.passed, failed: tally.failed, unchecked: tally.unchecked };
    const summary = { total: tally.total, byDisposition: tally.byDisposition, byWorker: tally.byWorker, expectations };
    if (await this.ctx.jobs.complete(jobId, summary, expectations, { done: tally.total, total: tally.total })) {
      await this.ctx.announce(jobId, 'completed', tally.total, tally.total);
    }
  }
}
