import type { Trace, TraceStep, Verdict } from '@hookpath/engine';
import type { KernelVerdict, ObservedStep } from '../observe/observed';

/**
 * What xtables-monitor prints for a step with this engine verdict: the netfilter verdict of the
 * rule (NAT targets, TPROXY with a socket and ACCEPT accept; REJECT drops, after sending its
 * ICMP/RST; MARK, CONNMARK, CT, LOG and TRACE continue), or null for UNKNOWN.
 */
export function kernelVerdict(verdict: Verdict): KernelVerdict | null {
  switch (verdict) {
    case 'ACCEPT':
    case 'POLICY_ACCEPT':
    case 'DNAT':
    case 'SNAT':
    case 'MASQUERADE':
    case 'REDIRECT':
    case 'TPROXY':
      return 'ACCEPT';
    case 'DROP':
    case 'REJECT':
    case 'POLICY_DROP':
      return 'DROP';
    case 'JUMP':
      return 'JUMP';
    case 'GOTO':
      return 'GOTO';
    case 'RETURN':
      return 'RETURN';
    case 'CONTINUE':
    case 'MARK':
    case 'CONNMARK':
    case 'NOTRACK':
    case 'LOG':
      return 'CONTINUE';
    case 'UNKNOWN':
      return null;
    default: {
      const unreachable: never = verdict;
      return unreachable;
    }
  }
}

export interface ComparableStep {
  table: string;
  chain: string;
  rule: string | null;
  verdict: string;
}

export function fromEngine(step: TraceStep): ComparableStep {
  const verdict = step.verdict === undefined ? 'none' : (kernelVerdict(step.verdict) ?? `UNKNOWN(${step.explanation})`);
  return { table: step.table ?? '?', chain: step.chain ?? '?', rule: step.rule ?? null, verdict };
}

export function fromKernel(step: ObservedStep): ComparableStep {
  return { table: step.table, chain: step.chain, rule: step.rule, verdict: step.verdict };
}

/** The engine's netfilter steps, per host, in order. */
export function engineStepsByHost(trace: Trace): Map<string, ComparableStep[]> {
  const byHost = new Map<string, ComparableStep[]>();
  for (const step of trace.steps) {
    if (step.kind !== 'netfilter') continue;
    byHost.set(step.host, [...(byHost.get(step.host) ?? []), fromEngine(step)]);
  }
  return byHost;
}

export const formatStep = (s: ComparableStep): string => `${s.table}/${s.chain} ${s.rule ?? 'policy'} => ${s.verdict}`;
