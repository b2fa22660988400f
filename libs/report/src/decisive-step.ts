import type { Disposition, Trace, TraceStep, Verdict } from '@hookpath/engine';
import type { DecisiveStep } from './report-document';

/** Dispositions that mean the packet did not get where it was going. */
export function failed(disposition: Disposition): boolean {
  switch (disposition) {
    case 'DROPPED':
    case 'REJECTED':
    case 'UNKNOWN':
      return true;
    case 'DELIVERED':
    case 'EXITED':
      return false;
  }
}

/** Verdicts that end a netfilter table's say over the packet (a jump, return or mark does not). */
function terminal(verdict: Verdict | undefined): boolean {
  switch (verdict) {
    case 'ACCEPT':
    case 'DROP':
    case 'REJECT':
    case 'DNAT':
    case 'SNAT':
    case 'MASQUERADE':
    case 'REDIRECT':
    case 'TPROXY':
    case 'NOTRACK':
    case 'POLICY_DROP':
      return true;
    case 'RETURN':
    case 'JUMP':
    case 'GOTO':
    case 'CONTINUE':
    case 'MARK':
    case 'CONNMARK':
    case 'LOG':
    case 'POLICY_ACCEPT':
    case 'UNKNOWN':
    case undefined:
      return false;
  }
}

const refuses = (verdict: Verdict | undefined): boolean => verdict === 'DROP' || verdict === 'REJECT' || verdict === 'POLICY_DROP';

/** The rule quoted word for word: the iptables rule, the OVN northbound row; null when no rule decided. */
export function quotedRule(step: TraceStep): string | null {
  if (step.rule !== undefined && step.rule !== null) return step.rule;
  if (step.object !== undefined) return step.object.text;
  return null;
}

/** The kind of check that drops a packet for this reason, when a check step (not the drop step) decides it. */
function decidedBy(reason: string | null): TraceStep['kind'] | null {
  if (reason === null) return null;
  switch (reason) {
    case 'RP_FILTER':
      return 'rp_filter';
    case 'NO_ROUTE':
    case 'BLACKHOLE':
    case 'UNREACHABLE':
    case 'PROHIBIT':
      return 'routing';
    default:
      return null;
  }
}

/** The index of the step that decided one direction's fate. */
function decidingIndex(trace: Trace): number {
  const steps = trace.steps;
  const last = steps.length - 1;
  if (trace.disposition === 'DROPPED' || trace.disposition === 'REJECTED') {
    for (let i = last; i >= 0; i -= 1) if (steps[i]?.kind === 'netfilter' && refuses(steps[i]?.verdict)) return i;
    const end = steps[last];
    const before = steps[last - 1];
    // A `drop` step states the outcome; the check before it on the same host is what decided when
    // that check is the one the drop reason names (rp_filter for RP_FILTER, the route lookup for
    // NO_ROUTE, ...). A check that passed (rp_filter off before a NO_NEIGHBOR) decided nothing.
    if (end?.kind === 'drop' && before !== undefined && before.host === end.host && decidedBy(trace.dropReason) === before.kind)
      return last - 1;
    return last;
  }
  if (trace.disposition === 'UNKNOWN') return last;
  for (let i = last; i >= 0; i -= 1) {
    const step = steps[i];
    if (step?.kind === 'netfilter' && terminal(step.verdict) && step.rule !== null && step.rule !== undefined) return i;
    if (step?.kind === 'ovn' && step.object !== undefined) return i;
  }
  return last;
}

/**
 * The step that decided: in the direction that failed (the request, else the reply of a round trip
 * that did not establish), the netfilter rule that dropped or rejected it, else the check that
 * dropped it (rp_filter, routing, an OVN stage), else where the trace stopped; when everything got
 * through, the last netfilter rule or OVN row with a terminal verdict. Null for a trace without steps.
 */
export function decisiveStep(trace: Trace): DecisiveStep | null {
  const reply = trace.reply;
  const useReply =
    !failed(trace.disposition) && reply !== undefined && (failed(reply.disposition) || trace.roundTrip?.established === false);
  const direction = useReply && reply !== undefined ? reply : trace;
  const index = decidingIndex(direction);
  const step = direction.steps[index];
  if (step === undefined) return null;
  return { direction: useReply ? 'reply' : 'request', number: index + 1, step, rule: quotedRule(step), outcome: direction.disposition };
}
