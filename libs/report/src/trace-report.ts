import type { Trace } from '@hookpath/engine';
import { packetText } from './packet-text';
import { traceLacks, tracedHosts } from './report-lacks';
import { REPORT_SCHEMA, type ReportDocument, type ReportHookPath, type ReportSnapshot, type TraceQuestion } from './report-document';
import { traceCommand } from './rerun-command';

/** What every report starts with. */
export interface ReportHeader {
  id: string;
  /** Empty or absent: a title is made from the question. */
  title?: string | null;
  /** RFC 3339. */
  createdAt: string;
  expiresAt: string;
}

export interface TraceReportInput extends ReportHeader {
  question: TraceQuestion;
  snapshot: ReportSnapshot;
  trace: Trace;
  /** Hook paths of the snapshot's hosts (at least those the trace crosses; others are left out). */
  hookPaths: readonly ReportHookPath[];
}

export function defaultTraceTitle(q: TraceQuestion): string {
  return `${packetText(q)} from ${q.from}`;
}

export const titleOr = (title: string | null | undefined, fallback: string): string =>
  title === undefined || title === null || title.trim() === '' ? fallback : title.trim();

/** The report of one trace job: the trace as it is, and everything a reader needs offline. */
export function traceReport(input: TraceReportInput): ReportDocument {
  const crossed = new Set(tracedHosts(input.trace));
  return {
    schema: REPORT_SCHEMA,
    id: input.id,
    title: titleOr(input.title, defaultTraceTitle(input.question)),
    createdAt: input.createdAt,
    expiresAt: input.expiresAt,
    kind: 'trace',
    question: input.question,
    snapshot: input.snapshot,
    trace: input.trace,
    hookPaths: input.hookPaths.filter((p) => crossed.has(p.host)),
    command: traceCommand(input.snapshot.name, input.question),
    lacks: traceLacks(input.trace, input.snapshot),
  };
}
