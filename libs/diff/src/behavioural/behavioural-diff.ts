import { simulateCompiled, TraceRequestError, type CompiledSnapshot, type SimulateOptions, type Trace } from '@hookpath/engine';
import { structuralDiff, type StructuralDiff } from '../structural/structural-diff';
import { causeKey, type Cause } from './cause';
import { ChangeIndex } from './change-index';
import { branchCause } from './branch-cause';
import { isFlowError, type DiffFlow, type FlowChange, type FlowError, type FlowResult } from './flow';
import { compareOutcomes, summarizeTrace } from './summarize-trace';

export interface ChangedFlow {
  /** Position in the input list. */
  index: number;
  label?: string;
  from: string;
  changes: FlowChange[];
  base: FlowResult;
  target: FlowResult;
}

export interface CauseGroup {
  cause: Cause;
  flows: ChangedFlow[];
  count: number;
}

export interface BehaviouralDiff {
  totals: { flows: number; unchanged: number; changed: number };
  /** Changed flows by cause, most flows first (ties: the group whose first flow comes first). */
  groups: CauseGroup[];
}

export interface BehaviouralDiffOptions {
  /** Engine options for every trace (maxHops, backend, ...); a flow's `roundTrip` overrides roundTrip. */
  simulate?: Omit<SimulateOptions, 'roundTrip'>;
  /** The structural diff of the two models, when the caller has it already (it names causes). */
  structural?: StructuralDiff;
  /** Called once per flow in input order, e.g. to store each side's outcome for a batch. */
  onFlow?: (index: number, base: FlowResult, target: FlowResult) => void;
}

type Traced = { trace: Trace; result: FlowResult } | { trace: null; result: FlowError };

function errorOf(e: unknown): FlowError {
  if (e instanceof TraceRequestError) return { error: e.code, message: e.message };
  return { error: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** Traces one flow (its backend or choice pinned when it has one); a flow the engine refuses (or fails on) becomes a FlowError, never a throw. */
export function traceFlow(compiled: CompiledSnapshot, flow: DiffFlow, options: Omit<SimulateOptions, 'roundTrip'> = {}): Traced {
  try {
    const pinned = {
      ...(flow.backend === undefined ? {} : { backend: flow.backend }),
      ...(flow.choose === undefined ? {} : { choose: flow.choose }),
    };
    const trace = simulateCompiled(
      compiled,
      { from: flow.from, packet: flow.packet },
      { ...options, ...pinned, roundTrip: flow.roundTrip === true },
    );
    return { trace, result: summarizeTrace(trace) };
  } catch (e) {
    return { trace: null, result: errorOf(e) };
  }
}

function errorCause(base: FlowResult, target: FlowResult): Cause {
  const text = (r: FlowResult): string | undefined => (isFlowError(r) ? `${r.error}: ${r.message}` : undefined);
  const b = text(base);
  const t = text(target);
  const side = b !== undefined && t !== undefined ? 'both snapshots' : b !== undefined ? 'the base snapshot' : 'the target snapshot';
  return {
    kind: 'error',
    host: '',
    description: `the flow cannot be traced in ${side}`,
    ...(b === undefined ? {} : { base: b }),
    ...(t === undefined ? {} : { target: t }),
  };
}

/**
 * Traces every flow on both snapshots and groups the flows whose fate, path, final header or set of
 * branches changed by the first point where their traces (or a changed branch's) diverge. Work per flow is two traces plus O(steps).
 */
export function behaviouralDiff(
  base: CompiledSnapshot,
  target: CompiledSnapshot,
  flows: readonly DiffFlow[],
  options: BehaviouralDiffOptions = {},
): BehaviouralDiff {
  let index: ChangeIndex | null = null;
  const changeIndex = (): ChangeIndex => (index ??= new ChangeIndex(options.structural ?? structuralDiff(base.model, target.model)));
  const groups = new Map<string, CauseGroup>();
  let changedCount = 0;
  flows.forEach((flow, i) => {
    const b = traceFlow(base, flow, options.simulate);
    const t = traceFlow(target, flow, options.simulate);
    options.onFlow?.(i, b.result, t.result);
    const changes = compareOutcomes(b.result, t.result);
    if (changes.length === 0) return;
    changedCount++;
    const cause =
      b.trace === null || t.trace === null || isFlowError(b.result) || isFlowError(t.result)
        ? errorCause(b.result, t.result)
        : branchCause(b.trace, t.trace, b.result, t.result, changeIndex());
    const item: ChangedFlow = {
      index: i,
      ...(flow.label === undefined ? {} : { label: flow.label }),
      from: flow.from,
      changes,
      base: b.result,
      target: t.result,
    };
    const key = causeKey(cause);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { cause, flows: [item], count: 1 });
    else {
      group.flows.push(item);
      group.count++;
    }
  });
  // Map order is first-seen order, so equal counts keep the order of their first flows.
  const sorted = [...groups.values()].sort((x, y) => y.count - x.count);
  return { totals: { flows: flows.length, unchanged: flows.length - changedCount, changed: changedCount }, groups: sorted };
}
