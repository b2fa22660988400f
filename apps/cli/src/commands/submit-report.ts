import type { BatchFlowDto, JobDto, JobKind } from '@hookpath/contracts';
import { EXIT_OK } from '../cli-error';
import { EXIT_BEHAVIOUR_CHANGED } from './diff';

/** The job completed but a flow failed its expectation (for a diff: a `same-as-base` flow changed). */
export const EXIT_EXPECTATION_FAILED = 4;
/** The job failed or was cancelled; its error code and message are printed. */
export const EXIT_JOB_FAILED = 5;
/** `--wait=N` ran out before the job ended; the job goes on and its Location is printed. */
export const EXIT_STILL_RUNNING = 6;

/** At most this many failed flows are listed under a batch's or diff's summary line. */
export const FAILED_FLOWS_SHOWN = 20;

type Json = Record<string, unknown>;

function record(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Flows of a diff whose behaviour changed, from its `{structural, behavioural}` result. */
export function changedFlowCount(job: JobDto): number {
  const totals = record(record(record(job.result)?.behavioural)?.totals);
  return typeof totals?.changed === 'number' ? totals.changed : 0;
}

/**
 * The exit status a CI step gets. A failed expectation outranks a diff's changed flows (3, as
 * `hookpath diff` exits): a change the pipeline asserted against is a failure, an unasserted one is news.
 */
export function jobExitStatus(job: JobDto): number {
  switch (job.status) {
    case 'failed':
    case 'cancelled':
      return EXIT_JOB_FAILED;
    case 'queued':
    case 'running':
      return EXIT_STILL_RUNNING;
    case 'completed':
      if ((job.expectations?.failed ?? 0) > 0) return EXIT_EXPECTATION_FAILED;
      if (job.kind === 'diff' && changedFlowCount(job) > 0) return EXIT_BEHAVIOUR_CHANGED;
      return EXIT_OK;
  }
}

const KIND_NAMES: Record<JobKind, string> = { trace: 'trace', 'trace-batch': 'batch', diff: 'diff' };

/** How a traced packet ended: `DROPPED (RULE)`, and for a round trip whether the answer came back. */
function fate(outcome: Json | null): string | null {
  const disposition = text(outcome?.disposition);
  if (disposition === null) return null;
  const reason = text(outcome?.dropReason);
  const roundTrip = record(outcome?.roundTrip);
  const answer = roundTrip === null ? '' : roundTrip.established === true ? ', answer comes back' : ', answer does not come back';
  return `${disposition}${reason === null ? '' : ` (${reason})`}${answer}`;
}

/** `batch 3f2c...: completed, 12/12 flows, expectations 11 passed, 1 failed, 0 unchecked`. */
export function summaryLine(job: JobDto): string {
  const parts = [`${job.status}`, `${job.progress.done}/${job.progress.total} flow${job.progress.total === 1 ? '' : 's'}`];
  if (job.kind === 'trace' && job.status === 'completed') {
    const outcome = fate(record(job.result));
    if (outcome !== null) parts.push(outcome);
  }
  if (job.kind === 'diff' && job.status === 'completed') parts.push(`${changedFlowCount(job)} changed behaviour`);
  const e = job.expectations;
  parts.push(e === null ? 'no expectations' : `expectations ${e.passed} passed, ${e.failed} failed, ${e.unchecked} unchecked`);
  if (job.error !== null) parts.push(`error ${job.error.code}: ${job.error.message}`);
  return `${KIND_NAMES[job.kind]} ${job.id}: ${parts.join(', ')}`;
}

function flowName(flow: BatchFlowDto): string {
  if (flow.label !== null && flow.label !== '') return flow.label;
  const request = record(flow.request);
  const from = text(request?.from) ?? '?';
  return `#${flow.index} ${from} ${text(request?.src) ?? '?'} -> ${text(request?.dst) ?? '?'}`;
}

/** One line per failed flow: what was expected and what happened (both snapshots for a diff). */
export function failedFlowLine(kind: JobKind, flow: BatchFlowDto): string {
  const outcome = record(flow.outcome);
  const expected = flow.expect ?? 'nothing';
  const error = text(outcome?.error);
  if (error !== null)
    return `  FAIL ${flowName(flow)}: expected ${expected}, could not be traced: ${error}: ${text(outcome?.message) ?? ''}`;
  if (kind === 'diff') {
    const base = record(outcome?.base);
    const target = record(outcome?.target);
    const side = (o: Json | null): string => fate(o) ?? (text(o?.error) !== null ? `error ${text(o?.error)}` : 'none');
    const changes = Array.isArray(outcome?.changes) ? (outcome.changes as unknown[]).filter((c) => typeof c === 'string').join(', ') : '';
    return `  FAIL ${flowName(flow)}: expected ${expected}, base ${side(base)} -> target ${side(target)}${changes === '' ? '' : ` (changed: ${changes})`}`;
  }
  return `  FAIL ${flowName(flow)}: expected ${expected}, got ${fate(outcome) ?? 'no outcome'}${failingBranches(flow, outcome)}`;
}

/** `; branches 3 of 3 did not: 3 (node-1 ipvs 10.0.0.5:80)` for a flow whose trace has branches, from the outcome's `branches`. */
function failingBranches(flow: BatchFlowDto, outcome: Json | null): string {
  const failed = flow.failedBranches;
  const listed = Array.isArray(outcome?.branches) ? (outcome.branches as unknown[]) : [];
  if (failed.length === 0 || listed.length === 0) return '';
  const named = failed.map((n) => {
    const choices = text(record(listed[n - 1])?.choices);
    return choices === null ? `${n}` : `${n} (${choices})`;
  });
  return `; ${failed.length} of ${listed.length} branches did not: ${named.join(', ')}`;
}
