import type { Trace, TraceStep } from '@hookpath/engine';
import { decisiveStep, quotedRule } from './decisive-step';
import { fixLines } from './fix-commands';
import { packetAfterText, packetText } from './packet-text';
import type { DecisiveStep, ReportBatchFlow, ReportDocument, ReportFlow, TraceQuestion } from './report-document';

/**
 * What the Markdown and the HTML renderings both show, computed once so the two say the same
 * thing in the same order: verdict, packet and snapshot, decisive step and fixes, steps, pictures,
 * what the snapshot lacked, the command.
 */

export interface StepRow {
  number: number;
  host: string;
  kind: TraceStep['kind'];
  /** `PREROUTING nat −100`, an OVN stage, or the interface. */
  where: string;
  rule: string | null;
  verdict: string;
  packetAfter: string;
  explanation: string;
  decisive: boolean;
}

export interface DirectionView {
  label: 'request' | 'reply';
  trace: Trace;
  rows: StepRow[];
}

export interface DiagnosisView {
  direction: 'request' | 'reply';
  code: string;
  message: string;
  host: string | null;
  /** The fix as shell lines (comments say where to run each command); null without a fix. */
  fix: string[] | null;
}

function whereOf(step: TraceStep): string {
  switch (step.kind) {
    case 'netfilter':
    case 'conntrack': {
      const priority = step.priority === undefined ? '' : step.priority === 2147483647 ? ' confirm' : ` ${step.priority}`;
      return `${step.hook ?? ''} ${step.table ?? ''}${priority}`.replace(/\s+/g, ' ').trim();
    }
    case 'ovn':
      return step.stage ?? '';
    case 'ipvs':
      return step.hook === undefined ? 'IPVS' : `${step.hook} IPVS`;
    case 'routing':
    case 'rp_filter':
    case 'bridge':
    case 'interface':
    case 'deliver':
    case 'drop':
      return step.iface ?? '';
  }
}

function verdictOf(step: TraceStep): string {
  if (step.verdict !== undefined) return step.verdict;
  if (step.kind === 'drop') return '✗ dropped';
  if (step.kind === 'deliver') return 'delivered';
  return '';
}

function rows(trace: Trace, decisive: DecisiveStep | null, label: 'request' | 'reply'): StepRow[] {
  return trace.steps.map((step, i) => ({
    number: i + 1,
    host: step.host,
    kind: step.kind,
    where: whereOf(step),
    rule: step.kind === 'netfilter' && step.chain !== undefined && step.rule === null ? `policy of ${step.chain}` : quotedRule(step),
    verdict: verdictOf(step),
    packetAfter: step.packetAfter === undefined ? '' : packetAfterText(step.packetAfter),
    explanation: step.explanation,
    decisive: decisive !== null && decisive.direction === label && decisive.number === i + 1,
  }));
}

export interface TraceView {
  directions: DirectionView[];
  decisive: DecisiveStep | null;
  diagnoses: DiagnosisView[];
}

export function traceView(trace: Trace): TraceView {
  const decisive = decisiveStep(trace);
  const directions: DirectionView[] = [{ label: 'request', trace, rows: rows(trace, decisive, 'request') }];
  if (trace.reply !== undefined) directions.push({ label: 'reply', trace: trace.reply, rows: rows(trace.reply, decisive, 'reply') });
  const diagnoses: DiagnosisView[] = directions.flatMap((d) =>
    d.trace.diagnosis.map((g) => ({
      direction: d.label,
      code: g.code,
      message: g.message,
      host: g.host ?? null,
      fix: g.fix === null || g.fix === undefined ? null : fixLines(g.fix),
    })),
  );
  // A diagnosis both directions carry (a round-trip finding) is shown once.
  const seen = new Set<string>();
  const unique = diagnoses.filter((g) => {
    const key = `${g.code}\u0000${g.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { directions, decisive, diagnoses: unique };
}

/** The packet line of a trace report: the flow and where it starts, with the options that pick a path. */
export function questionLine(q: TraceQuestion | ReportFlow): string {
  const options = [
    q.backend === undefined ? null : `backend ${q.backend}`,
    q.choose === undefined ? null : `next hop ${q.choose}`,
    q.mark === undefined ? null : `mark 0x${q.mark.toString(16)}`,
    q.roundTrip === true ? 'round trip' : null,
  ].filter((o): o is string => o !== null);
  return `${packetText(q)} from ${q.from}${options.length === 0 ? '' : ` (${options.join(', ')})`}`;
}

/** `004-eni-ipvs-rp-filter (cluster eni-cni), captured 2022-06-22T16:03:15+08:00`. */
export function snapshotLine(doc: ReportDocument['snapshot']): string {
  const cluster = doc.cluster === null ? '' : ` (cluster ${doc.cluster})`;
  const when = doc.capturedAt === null ? 'capture time unknown' : `captured ${doc.capturedAt}`;
  return `${doc.name}${cluster}, ${when}`;
}

/** Batch flows grouped by what stopped them: the same fate on the same host by the same rule. */
export function batchGroups(flows: readonly ReportBatchFlow[]): { cause: string; flows: ReportBatchFlow[] }[] {
  const groups = new Map<string, ReportBatchFlow[]>();
  for (const flow of flows) {
    const fate =
      flow.error !== null
        ? `not traced: ${flow.error}`
        : `${flow.disposition ?? '?'}${flow.dropReason === null ? '' : ` (${flow.dropReason})`}${flow.endHost === null ? '' : ` at ${flow.endHost}`}`;
    const rule = flow.decisive?.rule ?? null;
    const expectation = flow.passed === false && flow.expect !== null ? `expected ${flow.expect}, ` : '';
    const cause = `${expectation}${fate}${rule === null ? '' : ` — ${rule}`}`;
    const list = groups.get(cause) ?? [];
    list.push(flow);
    groups.set(cause, list);
  }
  return [...groups.entries()]
    .map(([cause, list]) => ({ cause, flows: list }))
    .sort((a, b) => b.flows.length - a.flows.length || (a.flows[0]?.index ?? 0) - (b.flows[0]?.index ?? 0));
}

/** The hosts of one direction worth a netfilter picture: where netfilter, conntrack, IPVS or the bridge ran, and where it stopped. */
export function pictureHosts(trace: Trace): string[] {
  const hosts: string[] = [];
  const add = (h: string): void => {
    if (!hosts.includes(h)) hosts.push(h);
  };
  for (const step of trace.steps)
    if (step.kind === 'netfilter' || step.kind === 'conntrack' || step.kind === 'ipvs' || step.kind === 'bridge') add(step.host);
  const last = trace.steps[trace.steps.length - 1];
  const stopped = trace.disposition === 'DROPPED' || trace.disposition === 'REJECTED' || trace.disposition === 'UNKNOWN';
  if (stopped && last !== undefined && last.kind !== 'ovn' && !trace.steps.some((s) => s.host === last.host && s.kind === 'ovn'))
    add(last.host);
  return hosts;
}
