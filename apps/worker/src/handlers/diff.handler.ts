import { Injectable } from '@nestjs/common';
import { setImmediate as nextTick } from 'node:timers/promises';
import { diffJobRequestSchema, FLOW_GENERATORS, type CheckedFlow, type Flow, type JobPayload } from '@hookpath/contracts';
import type { FlowResultInput } from '@hookpath/data-access';
import {
  behaviouralDiff,
  compareOutcomes,
  isFlowError,
  structuralDiff,
  type BehaviouralDiff,
  type DiffFlow,
  type FlowResult,
} from '@hookpath/diff';
import type { JobHandler } from '../processor/job-handler';
import { tallyOf, verdictOf } from '../simulation/expectation';
import { mergeBehaviouralDiffs } from '../simulation/merge-behavioural-diffs';
import { expandDiffFlowSet } from '../simulation/flow-set';
import { packetOf } from '../simulation/flow-trace';
import { JobContext } from '../simulation/job-context';
import { storedRequest } from './request-schema';

/** Flows traced between two progress writes (and between two yields to the event loop, which keep the job's lock renewed). */
const SLICE = 2_000;

/** Without flows or generators, a diff traces every generator's flows. */
const DEFAULT_GENERATORS = FLOW_GENERATORS.map((name) => ({ name }));

function diffFlowOf(flow: Flow): DiffFlow {
  return {
    from: flow.from,
    packet: packetOf(flow),
    ...(flow.roundTrip === undefined ? {} : { roundTrip: flow.roundTrip }),
    ...(flow.label === undefined ? {} : { label: flow.label }),
    ...(flow.backend === undefined ? {} : { backend: flow.backend }),
    ...(flow.choose === undefined ? {} : { choose: flow.choose }),
  };
}

/** What an expectation checks: the target's outcome, or nothing that can pass when it could not be traced. */
const checkedOf = (r: FlowResult): CheckedFlow => (isFlowError(r) ? { disposition: null } : r);

/**
 * Structural diff of the two snapshots, then the flow set (default: every generator, on both
 * snapshots) traced on both; each flow's two outcomes are stored like a batch's flows.
 */
@Injectable()
export class DiffHandler implements JobHandler<'diff'> {
  readonly name = 'diff' as const;

  constructor(private readonly ctx: JobContext) {}

  async handle({ jobId }: JobPayload<'diff'>): Promise<void> {
    const stored = await this.ctx.request(jobId);
    if (!(await this.ctx.jobs.start(jobId))) return;
    const request = storedRequest(diffJobRequestSchema, stored, jobId);
    const base = await this.ctx.snapshots.get(request.baseSnapshotId);
    const target = await this.ctx.snapshots.get(request.targetSnapshotId);
    const structural = structuralDiff(base.model, target.model);
    const flowSet =
      request.flows === undefined && request.generators === undefined ? { ...request, generators: DEFAULT_GENERATORS } : request;
    const flows = expandDiffFlowSet(base.model, target.model, flowSet);
    await this.ctx.jobs.setTotal(jobId, flows.length);
    const parts: { offset: number; diff: BehaviouralDiff }[] = [];
    const verdicts: (boolean | null)[] = [];
    for (let offset = 0; offset < flows.length; offset += SLICE) {
      if ((await this.ctx.jobs.status(jobId)) !== 'running') return;
      const slice = flows.slice(offset, offset + SLICE);
      const rows: FlowResultInput[] = [];
      const diff = behaviouralDiff(base, target, slice.map(diffFlowOf), {
        structural,
        onFlow: (i, b, t) => {
          const { expect, label, ...flowRequest } = slice[i] as Flow;
          const changes = compareOutcomes(b, t);
          const verdict =
            expect === 'same-as-base'
              ? { passed: changes.length === 0, failedBranches: [] }
              : verdictOf(expect, flowRequest.branches, checkedOf(t));
          verdicts.push(verdict.passed);
          const outcome = {
            base: b,
            target: t,
            changes,
            ...(verdict.failedBranches.length === 0 ? {} : { failedBranches: verdict.failedBranches }),
          };
          rows.push({
            index: offset + i,
            label: label ?? null,
            request: JSON.stringify(flowRequest),
            outcome: JSON.stringify(outcome),
            disposition: null,
            expect: expect ?? null,
            passed: verdict.passed,
            trace: null,
          });
        },
      });
      parts.push({ offset, diff });
      const stored = await this.ctx.jobs.recordFlows(jobId, this.ctx.config.workerName, rows);
      if (stored.status !== 'running') return;
      await this.ctx.announce(jobId, 'running', stored.done, stored.total);
      await nextTick();
    }
    const tally = tallyOf(verdicts);
    const result = {
      baseSnapshotId: request.baseSnapshotId,
      targetSnapshotId: request.targetSnapshotId,
      structural,
      behavioural: mergeBehaviouralDiffs(parts),
    };
    if (await this.ctx.jobs.complete(jobId, result, tally, { done: flows.length, total: flows.length })) {
      await this.ctx.announce(jobId, 'completed', flows.length, flows.length);
    }
  }
}
