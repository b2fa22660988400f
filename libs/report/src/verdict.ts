import type { Trace } from '@hookpath/engine';
import type { ReportDocument } from './report-document';

const at = (t: Trace): string => (t.end === null ? '' : ` at ${t.end.host}${t.end.iface === null ? '' : `:${t.end.iface}`}`);

/** One direction's fate: `DROPPED (RP_FILTER) at node:eth0`, `DELIVERED at backend`. */
export function fate(t: Trace): string {
  switch (t.disposition) {
    case 'DROPPED':
      return `DROPPED (${t.dropReason ?? 'no reason given'})${at(t)}`;
    case 'UNKNOWN':
      return `UNKNOWN${at(t)} (${t.dropReason ?? 'the snapshot lacks what the decision needs'})`;
    case 'REJECTED':
    case 'DELIVERED':
    case 'EXITED':
      return `${t.disposition}${at(t)}`;
  }
}

const ok = (t: Trace): boolean => t.disposition === 'DELIVERED' || t.disposition === 'EXITED';

/** The one-line verdict of a trace: ✓ when the packet (and its reply) got through, ✗ otherwise. */
export function traceVerdict(trace: Trace): string {
  const reply = trace.reply;
  if (trace.roundTrip !== undefined || reply !== undefined) {
    const replyText = reply === undefined ? 'no reply' : `reply ${fate(reply)}`;
    if (trace.roundTrip?.established === true) return `✓ Connection established: request ${fate(trace)}, ${replyText}`;
    return `✗ Not established: request ${fate(trace)}; ${replyText}`;
  }
  return `${ok(trace) ? '✓' : '✗'} ${fate(trace)}`;
}

/** The one-line verdict of any report. */
export function reportVerdict(doc: ReportDocument): string {
  switch (doc.kind) {
    case 'trace':
      return doc.trace === undefined ? '? no trace' : traceVerdict(doc.trace);
    case 'batch': {
      const b = doc.batch;
      if (b === undefined) return '? no batch';
      const e = b.summary.expectations;
      const listed = b.flows.length + b.flowsOmitted;
      if (e.failed > 0)
        return `✗ ${e.failed} of ${b.summary.total} flows failed their expectation (${e.passed} passed, ${e.unchecked} unchecked)`;
      if (listed > 0) return `✗ ${listed} of ${b.summary.total} flows did not get through`;
      return `✓ all ${b.summary.total} flows got through${e.passed > 0 ? ` (${e.passed} expectations passed)` : ''}`;
    }
    case 'diff': {
      const d = doc.diff;
      if (d === undefined) return '? no diff';
      const structural = `${d.changes.length + d.changesOmitted} structural change${d.changes.length + d.changesOmitted === 1 ? '' : 's'}`;
      if (d.totals.changed > 0) return `✗ ${d.totals.changed} of ${d.totals.flows} flows behave differently; ${structural}`;
      return `✓ no flow behaves differently (${d.totals.flows} traced); ${structural}`;
    }
  }
}
