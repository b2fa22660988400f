import type { Trace } from '@hookpath/engine';
import type { FlowChange, FlowOutcome, FlowResult } from './flow';
import { isFlowError } from './flow';
import { pathSignature } from './path-signature';

function outcomeOf(trace: Trace): FlowOutcome {
  const end = trace.end;
  return {
    disposition: trace.disposition,
    dropReason: trace.dropReason,
    endHost: end?.host ?? null,
    endIface: end?.iface ?? null,
    src: end?.packet.src ?? null,
    dst: end?.packet.dst ?? null,
    sport: end?.packet.sport ?? null,
    dport: end?.packet.dport ?? null,
    diagnosis: trace.diagnosis.map((d) => d.code),
    path: pathSignature(trace.steps),
  };
}

/** A trace reduced to what a comparison needs (JSON-friendly; the reply's outcome nested once). */
export function summarizeTrace(trace: Trace): FlowOutcome {
  const outcome = outcomeOf(trace);
  if (trace.reply !== undefined) outcome.reply = outcomeOf(trace.reply);
  if (trace.roundTrip !== undefined) outcome.roundTrip = { established: trace.roundTrip.established, summary: trace.roundTrip.summary };
  return outcome;
}

const fate = (o: FlowOutcome | undefined): string => (o === undefined ? 'none' : `${o.disposition}/${o.dropReason ?? ''}`);
const header = (o: FlowOutcome | undefined): string => (o === undefined ? 'none' : `${o.src ?? ''}:${o.sport ?? ''}>${o.dst ?? ''}:${o.dport ?? ''}`);
const route = (o: FlowOutcome | undefined): string => (o === undefined ? 'none' : `${o.path}|${o.endHost ?? ''}|${o.endIface ?? ''}`);

/**
 * What changed between two results of one flow: its fate (disposition or drop reason, either
 * direction), its path (signature or end point), the header it ended with. An error on one side
 * is a change of every kind; the same error on both sides is no change.
 */
export function compareOutcomes(base: FlowResult, target: FlowResult): FlowChange[] {
  if (isFlowError(base) || isFlowError(target)) {
    if (isFlowError(base) && isFlowError(target) && base.error === target.error && base.message === target.message) return [];
    return ['disposition', 'path', 'translation'];
  }
  const changes: FlowChange[] = [];
  if (fate(base) !== fate(target) || fate(base.reply) !== fate(target.reply)) changes.push('disposition');
  if (route(base) !== route(target) || route(base.reply) !== route(target.reply)) changes.push('path');
  if (header(base) !== header(target) || header(base.reply) !== header(target.reply)) changes.push('translation');
  return changes;
}
