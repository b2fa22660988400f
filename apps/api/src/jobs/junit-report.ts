import { flowProtocol, type BranchQuantifier } from '@hookpath/contracts';
import type { FlowResultRecord, JobRecord } from '@hookpath/data-access';
import { branchFailure, changedBranchLines, omittedNote } from './junit-branches';

// JUnit XML of a job for CI report viewers: one <testsuite> per job, one <testcase> per flow.
// A flow that failed its expectation is a <failure> (naming the branches that failed it, when its
// trace has branches), a flow that could not be traced an <error>,
// a job that has not finished (or was cancelled) a <skipped> case.

type Json = Record<string, unknown>;

interface TestCase {
  name: string;
  time?: number;
  failure?: { message: string; type: string; text: string };
  error?: { message: string; type: string; text: string };
  skipped?: string;
  out?: string;
}

const asObject = (value: unknown): Json | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
const asString = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Element text: `&`, `<` and `>` escaped, and characters XML 1.0 cannot carry dropped. */
export function escapeXmlText(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Attribute values (always double-quoted here): element text rules plus both quotes. */
export function escapeXml(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** `pod-a: 10.0.0.1 -> 10.0.0.2 tcp/80` (with the label first when there is one). */
function flowName(index: number, label: string | null, request: unknown): string {
  const r = asObject(request) ?? {};
  const proto =
    asString(r['proto']) ??
    flowProtocol({
      sport: typeof r['sport'] === 'number' ? r['sport'] : undefined,
      dport: typeof r['dport'] === 'number' ? r['dport'] : undefined,
    });
  const port = typeof r['dport'] === 'number' ? `/${r['dport']}` : '';
  const packet = `${asString(r['from']) ?? '?'}: ${asString(r['src']) ?? '?'} -> ${asString(r['dst']) ?? '?'} ${proto}${port}`;
  return `#${index} ${label === null || label === '' ? packet : `${label} (${packet})`}`;
}

/** `DROPPED (RULE)` from a trace document or a stored flow outcome; a round trip adds whether the answer came back. */
function fate(outcome: unknown): string {
  const o = asObject(outcome);
  if (o === null) return 'no result';
  const error = flowError(o);
  if (error !== null) return `${error.code}: ${error.message}`;
  const disposition = asString(o['disposition']) ?? 'UNKNOWN';
  const reason = asString(o['dropReason']);
  const summary = asString(asObject(o['roundTrip'])?.['summary']);
  return `${reason === null ? disposition : `${disposition} (${reason})`}${summary === null ? '' : `; ${summary}`}`;
}

/** A flow the engine could not trace: `{error: code, message}` (or `{error: {code, message}}`). */
function flowError(o: Json): { code: string; message: string } | null {
  const error = o['error'];
  if (typeof error === 'string') return { code: error, message: asString(o['message']) ?? '' };
  const nested = asObject(error);
  if (nested !== null) return { code: asString(nested['code']) ?? 'ERROR', message: asString(nested['message']) ?? '' };
  return null;
}

/** Diagnosis lines: trace documents carry objects, stored outcomes carry codes. */
function diagnosis(outcome: unknown): string {
  const list = asObject(outcome)?.['diagnosis'];
  if (!Array.isArray(list)) return '';
  return list
    .map((d: unknown) => {
      const item = asObject(d);
      if (item === null) return String(d);
      const fix = asString(item['fix']);
      return `${asString(item['code']) ?? ''}: ${asString(item['message']) ?? ''}${fix === null ? '' : ` (fix: ${fix})`}`;
    })
    .join('\n');
}

type StoredFlow = Pick<FlowResultRecord, 'index' | 'label' | 'request' | 'outcome' | 'expect' | 'passed'>;

/** How the request reads its expectation on branches: `any` when it says so, else every branch. */
const quantifierOf = (request: unknown): BranchQuantifier => (asObject(request)?.['branches'] === 'any' ? 'any' : 'all');

/** A failed expectation: naming the branches that did not meet it when the trace has branches, else the flow's fate. */
function expectationFailure(expect: string, request: unknown, outcome: unknown): TestCase['failure'] {
  const branches = branchFailure(expect, quantifierOf(request), outcome);
  const message = branches?.message ?? `expected ${expect}, got ${fate(outcome)}`;
  return {
    message,
    type: 'ExpectationFailed',
    text: [...(branches?.lines ?? [message]), diagnosis(outcome)].filter((s) => s !== '').join('\n'),
  };
}

function batchFlowCase(flow: StoredFlow): TestCase {
  const name = flowName(flow.index, flow.label, flow.request);
  const outcome = asObject(flow.outcome) ?? {};
  const error = flowError(outcome);
  const got = fate(outcome);
  if (flow.passed === false) {
    if (error === null) return { name, failure: expectationFailure(flow.expect ?? '?', flow.request, outcome) };
    const message = `expected ${flow.expect ?? '?'}, the flow could not be traced: ${got}`;
    return {
      name,
      failure: { message, type: 'ExpectationFailed', text: [message, diagnosis(outcome)].filter((s) => s !== '').join('\n') },
    };
  }
  if (error !== null) return { name, error: { message: got, type: error.code, text: got } };
  return { name, out: `${got}${flow.expect === null ? ' (no expectation)' : ', as expected'}${omittedNote(outcome)}` };
}

/** A diff's stored flow: `outcome` is `{base, target, changes}`. */
function diffFlowCase(flow: StoredFlow): TestCase {
  const name = flowName(flow.index, flow.label, flow.request);
  const outcome = asObject(flow.outcome) ?? {};
  const changes = Array.isArray(outcome['changes']) ? outcome['changes'].map(String) : [];
  const detail =
    changes.length === 0
      ? `unchanged: ${fate(outcome['target'])}`
      : `${changes.join(', ')} changed: base ${fate(outcome['base'])}, target ${fate(outcome['target'])}`;
  if (flow.passed === false) {
    if (flow.expect === 'same-as-base') {
      const message = `expected same-as-base; ${detail}`;
      return {
        name,
        failure: {
          message,
          type: 'BehaviourChanged',
          text: [message, ...changedBranchLines(outcome['base'], outcome['target'])].join('\n'),
        },
      };
    }
    // the target's branches, with those the worker found failing
    const target = {
      ...(asObject(outcome['target']) ?? {}),
      ...(Array.isArray(outcome['failedBranches']) ? { failedBranches: outcome['failedBranches'] } : {}),
    };
    const branches = branchFailure(flow.expect ?? '?', quantifierOf(flow.request), target);
    const message = branches === null ? `expected ${flow.expect ?? '?'}; ${detail}` : `${branches.message}; ${detail}`;
    return {
      name,
      failure: { message, type: 'ExpectationFailed', text: branches === null ? message : [...branches.lines, detail].join('\n') },
    };
  }
  return { name, out: `${detail}${flow.expect === null ? ' (no expectation)' : ', as expected'}` };
}

function traceCase(job: JobForReport): TestCase {
  const request = asObject(job.request) ?? {};
  const expect = asString(request['expect']);
  const name = flowName(0, asString(request['label']), request);
  // The worker's verdict (it counts the flow as passed or failed when it carried an expectation).
  const passed = job.expectFailed === 0;
  if (expect === null || passed)
    return { name, out: `${fate(job.result)}${expect === null ? ' (no expectation)' : ', as expected'}${omittedNote(job.result)}` };
  return { name, failure: expectationFailure(expect, request, job.result) };
}

/** Without stored flows: the changed flows of a diff result (`behavioural.changed`, or flattened from `behavioural.groups`). */
function changedFlows(behavioural: Json): Json[] {
  const changed = behavioural['changed'];
  if (Array.isArray(changed)) return changed.map(asObject).filter((c): c is Json => c !== null);
  const groups = behavioural['groups'];
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((g: unknown) => {
    const flows = asObject(g)?.['flows'];
    return Array.isArray(flows) ? flows.map(asObject).filter((c): c is Json => c !== null) : [];
  });
}

function diffCases(job: JobForReport): TestCase[] {
  const request = asObject(job.request) ?? {};
  const behavioural = asObject(asObject(job.result)?.['behavioural']) ?? {};
  const requestFlows = Array.isArray(request['flows']) ? (request['flows'] as unknown[]) : [];
  const defaultExpect = asString(request['expect']);
  const changed = changedFlows(behavioural);
  const cases = changed.map((c): TestCase => {
    const index = typeof c['index'] === 'number' ? c['index'] : -1;
    const flowRequest = requestFlows[index] ?? c;
    const expect = asString(c['expect']) ?? asString(asObject(flowRequest)?.['expect']) ?? defaultExpect;
    const changes = Array.isArray(c['changes']) ? c['changes'].map(String).join(', ') : 'changed';
    const name = flowName(index, asString(c['label']), flowRequest);
    const detail = `${changes}: base ${fate(c['base'])}, target ${fate(c['target'])}`;
    const passed =
      typeof c['passed'] === 'boolean'
        ? c['passed']
        : expect === 'same-as-base'
          ? false
          : expect === null
            ? null
            : asString(asObject(c['target'])?.['disposition']) === expect;
    if (passed === false) {
      const message = `expected ${expect ?? 'same-as-base'}; ${detail}`;
      return { name, failure: { message, type: 'BehaviourChanged', text: message } };
    }
    return { name, out: `${detail}${passed === null ? ' (no expectation)' : ', as expected'}` };
  });
  const total =
    typeof behavioural['flows'] === 'number' ? behavioural['flows'] : Number(asObject(behavioural['totals'])?.['flows'] ?? changed.length);
  const unchanged = total - changed.length;
  if (unchanged > 0)
    cases.push({
      name: `${unchanged} unchanged flow${unchanged === 1 ? '' : 's'}`,
      out: 'every other flow behaves as in the base snapshot',
    });
  return cases;
}

function unfinishedCase(job: JobRecord): TestCase | null {
  switch (job.status) {
    case 'queued':
    case 'running':
      return {
        name: `job ${job.id}`,
        skipped: `the job is ${job.status} (${job.progressDone}/${job.progressTotal} done); fetch the report again when it has ended`,
      };
    case 'cancelled':
      return { name: `job ${job.id}`, skipped: 'the job was cancelled' };
    case 'failed': {
      const message = job.error === null ? 'the job failed' : `${job.error.code}: ${job.error.message}`;
      return { name: `job ${job.id}`, error: { message, type: job.error?.code ?? 'JobFailed', text: message } };
    }
    case 'completed':
      return null;
  }
}

function renderCase(c: TestCase, classname: string): string {
  const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(classname)}"${c.time === undefined ? '' : ` time="${c.time.toFixed(3)}"`}`;
  const body: string[] = [];
  if (c.failure)
    body.push(
      `      <failure message="${escapeXml(c.failure.message)}" type="${escapeXml(c.failure.type)}">${escapeXmlText(c.failure.text)}</failure>`,
    );
  if (c.error)
    body.push(
      `      <error message="${escapeXml(c.error.message)}" type="${escapeXml(c.error.type)}">${escapeXmlText(c.error.text)}</error>`,
    );
  if (c.skipped !== undefined) body.push(`      <skipped message="${escapeXml(c.skipped)}"/>`);
  if (c.out !== undefined) body.push(`      <system-out>${escapeXmlText(c.out)}</system-out>`);
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

/** A job with its request (the expectation of a trace, the flows of a diff without stored flows). */
export type JobForReport = JobRecord & { request: unknown };

/**
 * The report of one job. `flows` are the stored flows of a batch or a diff, in index order
 * (ignored for a trace). Timestamps and time come from the job, so the same job always gives the same report.
 */
export function junitReport(job: JobForReport, flows: readonly FlowResultRecord[] = []): string {
  const unfinished = unfinishedCase(job);
  let cases: TestCase[];
  if (unfinished !== null) cases = [unfinished];
  else {
    switch (job.kind) {
      case 'trace':
        cases = [traceCase(job)];
        break;
      case 'trace-batch':
        cases = flows.map(batchFlowCase);
        break;
      case 'diff':
        cases = flows.length > 0 ? flows.map(diffFlowCase) : diffCases(job);
        break;
    }
  }
  const seconds = job.startedAt !== null && job.finishedAt !== null ? (job.finishedAt.getTime() - job.startedAt.getTime()) / 1000 : 0;
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const errors = cases.filter((c) => c.error !== undefined).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const suite = `hookpath ${job.kind} ${job.id}`;
  const classname = `hookpath.${job.kind}`;
  const counts = `tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds.toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hookpath" ${counts}>`,
    `  <testsuite name="${escapeXml(suite)}" ${counts} timestamp="${job.createdAt.toISOString()}">`,
    `    <properties><property name="job.id" value="${escapeXml(job.id)}"/><property name="job.status" value="${job.status}"/></properties>`,
    ...cases.map((c) => renderCase(c, classname)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
