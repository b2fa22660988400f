import type { Trace } from '@hookpath/engine';
import { decisiveStep } from './decisive-step';
import {
  REPORT_SCHEMA,
  type FlowSetQuestion,
  type ReportBatch,
  type ReportBatchFlow,
  type ReportDocument,
  type ReportSnapshot,
} from './report-document';
import { batchCommand } from './rerun-command';
import { storedFlow, storedOutcome } from './stored-flow';
import { titleOr, type ReportHeader } from './trace-report';

/** A flow of a batch as the job stored it (the REST `BatchFlowDto`). */
export interface StoredBatchFlow {
  index: number;
  label: string | null;
  request: unknown;
  outcome: unknown;
  expect: string | null;
  passed: boolean | null;
  /** The full trace, kept for flows that failed their expectation. */
  trace: unknown;
}

/** Flows a batch report lists at most; the others of the same kind are counted. */
export const MAX_REPORT_FLOWS = 200;

const fine = (disposition: string | null): boolean => disposition === 'DELIVERED' || disposition === 'EXITED';

/**
 * Whether a batch report lists the flow: it failed its expectation, or (without one) it could not
 * be traced, did not get through, or its round trip did not establish.
 */
export function noteworthyFlow(flow: StoredBatchFlow): boolean {
  if (flow.passed === false) return true;
  if (flow.passed === true) return false;
  const o = storedOutcome(flow.outcome);
  return o.error !== null || !fine(o.disposition) || o.established === false;
}

function fixesOf(trace: Trace | null): string[] {
  if (trace === null) return [];
  const fixes = [...trace.diagnosis, ...(trace.reply?.diagnosis ?? [])]
    .map((d) => d.fix)
    .filter((f): f is string => f !== null && f !== undefined);
  return [...new Set(fixes)];
}

/** One listed flow; the trace, when the batch kept it, gives the decisive step and the fixes. */
export function batchFlow(flow: StoredBatchFlow, trace: Trace | null): ReportBatchFlow {
  const o = storedOutcome(flow.outcome);
  return {
    index: flow.index,
    label: flow.label,
    flow: storedFlow(flow.request),
    expect: flow.expect,
    passed: flow.passed,
    disposition: o.disposition,
    dropReason: o.dropReason,
    endHost: o.endHost,
    error: o.error,
    diagnosis: o.diagnosis,
    decisive: trace === null ? null : decisiveStep(trace),
    fixes: fixesOf(trace),
  };
}

export interface BatchReportInput extends ReportHeader {
  question: FlowSetQuestion;
  snapshot: ReportSnapshot;
  summary: ReportBatch['summary'];
  /** The listed flows (noteworthyFlow), each with its trace when it was kept (checked by the caller). */
  flows: readonly { flow: StoredBatchFlow; trace: Trace | null }[];
  /** Noteworthy flows beyond those listed. */
  flowsOmitted: number;
}

export function batchReport(input: BatchReportInput): ReportDocument {
  const total = input.summary.total;
  const failed = input.summary.expectations.failed;
  return {
    schema: REPORT_SCHEMA,
    id: input.id,
    title: titleOr(
      input.title,
      `Batch of ${total} flow${total === 1 ? '' : 's'} on ${input.snapshot.name}${failed > 0 ? `: ${failed} failed` : ''}`,
    ),
    createdAt: input.createdAt,
    expiresAt: input.expiresAt,
    kind: 'batch',
    question: input.question,
    snapshot: input.snapshot,
    batch: {
      summary: input.summary,
      flows: input.flows.map(({ flow, trace }) => batchFlow(flow, trace)),
      flowsOmitted: input.flowsOmitted,
    },
    hookPaths: [],
    command: batchCommand(input.question),
    lacks:
      input.snapshot.capturedAt === null
        ? [{ host: null, what: 'snapshot.yaml states no capturedAt: how old the data is is unknown' }]
        : [],
  };
}
