import type { Trace, TraceStep } from '@hookpath/engine';
import type { Cause, CauseKind } from './cause';
import type { ChangeIndex } from './change-index';

/**
 * Identity of a step for aligning two traces of one flow. Routing and conntrack steps carry their
 * decision only in the explanation (which ip rule and route; new connection or which entry).
 */
function stepKey(s: TraceStep): string {
  const base = `${s.host}|${s.kind}|${s.hook ?? ''}|${s.table ?? ''}|${s.chain ?? ''}|${s.verdict ?? ''}|${s.iface ?? ''}|${s.rule ?? ''}`;
  return s.kind === 'routing' || s.kind === 'conntrack' ? `${base}|${s.explanation}` : base;
}

const headerOf = (s: TraceStep): string =>
  s.packetAfter === undefined
    ? ''
    : `${s.packetAfter.src}:${s.packetAfter.sport}>${s.packetAfter.dst}:${s.packetAfter.dport}/${s.packetAfter.mark}`;

interface Window {
  base: readonly TraceStep[];
  target: readonly TraceStep[];
}

/**
 * The part of two step lists that differs: after their common prefix and before their common
 * suffix (O(steps)). When the steps are the same but a header differs (an IPVS backend, a NAT
 * binding), the window is the first step pair whose header differs.
 */
function divergence(base: readonly TraceStep[], target: readonly TraceStep[]): Window | null {
  let start = 0;
  while (start < base.length && start < target.length && stepKey(base[start]) === stepKey(target[start])) start++;
  let endB = base.length;
  let endT = target.length;
  while (endB > start && endT > start && stepKey(base[endB - 1]) === stepKey(target[endT - 1])) {
    endB--;
    endT--;
  }
  if (endB > start || endT > start) return { base: base.slice(start, endB), target: target.slice(start, endT) };
  for (let i = 0; i < base.length; i++) {
    if (headerOf(base[i]) !== headerOf(target[i])) return { base: [base[i]], target: [target[i]] };
  }
  return null;
}

function kindOfStep(step: TraceStep): CauseKind {
  switch (step.kind) {
    case 'netfilter':
      return step.rule === undefined || step.rule === null ? 'policy' : 'rule';
    case 'routing':
      return 'route';
    case 'rp_filter':
      return 'sysctl';
    case 'conntrack':
      return 'conntrack';
    case 'bridge':
      return 'bridge';
    case 'ipvs':
      return 'ipvs';
    case 'ovn':
      return 'ovn';
    case 'interface':
      return 'interface';
    case 'deliver':
    case 'drop':
      return 'path';
    default: {
      const unreachable: never = step.kind;
      return unreachable;
    }
  }
}

/** A step as a cause names it: the rule text when there is one, else the engine's sentence. */
const stepText = (s: TraceStep): string =>
  s.kind === 'netfilter'
    ? `${s.hook ?? ''} ${s.table ?? ''}/${s.chain ?? ''}: ${s.rule ?? `policy ${s.verdict ?? ''}`}`
    : `${s.kind}${s.iface === undefined ? '' : ` ${s.iface}`}: ${s.explanation}`;

function fallbackCause(w: Window, direction: string): Cause {
  const b = w.base[0];
  const t = w.target[0];
  const first = t ?? b;
  return {
    kind: kindOfStep(first),
    host: first.host,
    description: `${direction} traces diverge at ${first.host} (${first.kind}${first.hook === undefined ? '' : ` ${first.hook}`})`,
    ...(b === undefined ? {} : { base: stepText(b) }),
    ...(t === undefined ? {} : { target: stepText(t) }),
  };
}

/**
 * The cause in one window: the first step, in trace order (target side first at each position),
 * that rests on a structural change; else the first differing step itself.
 */
function windowCause(w: Window, index: ChangeIndex, direction: string): Cause {
  const n = Math.max(w.base.length, w.target.length);
  for (let i = 0; i < n; i++) {
    for (const step of [w.target[i], w.base[i]]) {
      if (step === undefined) continue;
      const cause = index.causeOf(step);
      if (cause !== null) return cause;
    }
  }
  return fallbackCause(w, direction);
}

/** Why two traces of one flow differ: the request direction first, then the reply. */
export function findCause(base: Trace, target: Trace, index: ChangeIndex): Cause {
  const forward = divergence(base.steps, target.steps);
  if (forward !== null) return windowCause(forward, index, 'request');
  const reply = divergence(base.reply?.steps ?? [], target.reply?.steps ?? []);
  if (reply !== null) return windowCause(reply, index, 'reply');
  return {
    kind: 'path',
    host: target.end?.host ?? '',
    description: 'same steps, different outcome',
    base: `${base.disposition}${base.dropReason === null ? '' : ` ${base.dropReason}`}`,
    target: `${target.disposition}${target.dropReason === null ? '' : ` ${target.dropReason}`}`,
  };
}
