import type { StoredFlow } from '../../api/job-flows';
import { decisiveStep } from '@hookpath/report';
import { asTrace } from '../trace/trace-types';
import { asFlowResult, fateText, isFlowError, toneOf, type FlowResult, type Tone } from './flow-model';

/** Flows of a batch that share a cause: the same fate, drop reason and deciding host and rule. */
export interface BatchGroup {
  key: string;
  fate: string;
  /** The deciding host and rule (from the stored trace of a failed flow), when known. */
  decisive: { host: string; rule: string | null } | null;
  tone: Tone;
  flows: StoredFlow[];
  failed: number;
}

function decisiveOf(flow: StoredFlow): BatchGroup['decisive'] {
  const trace = asTrace(flow.trace);
  const decisive = trace === null ? null : decisiveStep(trace);
  return decisive === null ? null : { host: decisive.step.host, rule: decisive.rule };
}

function fateKey(result: FlowResult | null): string {
  if (result === null) return 'none';
  if (isFlowError(result)) return `error ${result.error}`;
  return fateText(result);
}

const TONE_ORDER: Record<Tone, number> = { bad: 0, unknown: 1, ok: 2 };

/**
 * Groups a batch's flows by cause: failed flows first (those that missed their expectation), then
 * the flows that did not get through, then the rest; bigger groups first within each.
 */
export function groupBatchFlows(flows: readonly StoredFlow[]): BatchGroup[] {
  const groups = new Map<string, BatchGroup>();
  for (const flow of flows) {
    const result = asFlowResult(flow.outcome);
    const decisive = decisiveOf(flow);
    const fate = fateKey(result);
    const key = JSON.stringify([fate, decisive?.host ?? null, decisive?.rule ?? null]);
    let group = groups.get(key);
    if (group === undefined) {
      group = { key, fate, decisive, tone: toneOf(result), flows: [], failed: 0 };
      groups.set(key, group);
    }
    group.flows.push(flow);
    if (flow.passed === false) group.failed++;
  }
  return [...groups.values()].sort((a, b) => {
    if (a.failed > 0 !== b.failed > 0) return a.failed > 0 ? -1 : 1;
    if (a.tone !== b.tone) return TONE_ORDER[a.tone] - TONE_ORDER[b.tone];
    return b.flows.length - a.flows.length;
  });
}
