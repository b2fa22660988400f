import type { PacketView, Trace, TraceStep } from './trace-types';

/** The header fields a step can change, in the order the timeline prints them. */
export const PACKET_FIELDS = ['src', 'sport', 'dst', 'dport', 'mark', 'ttl', 'ethSrc', 'ethDst'] as const;
export type PacketField = (typeof PACKET_FIELDS)[number];
export type PacketFields = Partial<Record<PacketField, string>>;

/** One step with what the timeline derives from its neighbours, computed once per trace. */
export interface StepModel {
  /** 0-based position in trace.steps. */
  index: number;
  step: TraceStep;
  /** The header before the step (what earlier steps last said), and after it. */
  before: PacketFields;
  after: PacketFields;
  changed: ReadonlySet<PacketField>;
  decisive: boolean;
  /** A stage that neither decided nor changed anything: folded with its neighbours. */
  noOp: boolean;
}

export type TimelineRow = { type: 'step'; model: StepModel } | { type: 'fold'; key: string; models: StepModel[] };

function fieldsOf(packet: PacketView | Trace['packet'] | undefined): PacketFields {
  const out: PacketFields = {};
  if (packet === undefined) return out;
  for (const field of PACKET_FIELDS) {
    const value = (packet as Partial<Record<PacketField, string | number>>)[field];
    if (value !== undefined && value !== null) out[field] = String(value);
  }
  return out;
}

const DROP_VERDICTS = new Set(['DROP', 'REJECT', 'POLICY_DROP']);

/**
 * The step that decided the packet's fate: the drop (or reject) step, else the last step for a trace
 * that ended UNKNOWN; null when the packet got through (there the whole path is the answer).
 */
export function decisiveIndex(trace: Trace): number | null {
  const steps = trace.steps;
  if (steps.length === 0) return null;
  if (trace.disposition === 'DELIVERED' || trace.disposition === 'EXITED') return null;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as TraceStep;
    if (step.kind === 'drop' || (step.verdict !== undefined && DROP_VERDICTS.has(step.verdict))) return i;
  }
  return steps.length - 1;
}

function isNoOp(step: TraceStep, changed: ReadonlySet<PacketField>): boolean {
  if (changed.size > 0) return false;
  switch (step.kind) {
    case 'netfilter':
      return (step.rule === null || step.rule === undefined) && step.verdict === 'POLICY_ACCEPT';
    case 'conntrack':
      return true;
    case 'ovn':
      return step.object === undefined && step.iface === undefined;
    case 'routing':
    case 'rp_filter':
    case 'bridge':
    case 'ipvs':
    case 'interface':
    case 'deliver':
    case 'drop':
      return false;
  }
}

/** Per step: the header before and after (fields a step does not print carry over), and what changed. */
export function stepModels(trace: Trace): StepModel[] {
  const decisive = decisiveIndex(trace);
  let current = fieldsOf(trace.packet);
  return trace.steps.map((step, index) => {
    const before = current;
    const reported = fieldsOf(step.packetAfter);
    const after: PacketFields = { ...before, ...reported };
    const changed = new Set<PacketField>();
    for (const field of PACKET_FIELDS) {
      if (before[field] !== undefined && reported[field] !== undefined && before[field] !== reported[field]) changed.add(field);
    }
    current = after;
    const isDecisive = index === decisive;
    return { index, step, before, after, changed, decisive: isDecisive, noOp: !isDecisive && isNoOp(step, changed) };
  });
}

/** Runs of at least `minRun` no-op stages become one fold row; the rest stay as they are. */
export function timelineRows(models: readonly StepModel[], minRun = 2): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let run: StepModel[] = [];
  const flush = () => {
    if (run.length >= minRun) rows.push({ type: 'fold', key: `fold-${(run[0] as StepModel).index}`, models: run });
    else for (const model of run) rows.push({ type: 'step', model });
    run = [];
  };
  for (const model of models) {
    if (model.noOp) run.push(model);
    else {
      flush();
      rows.push({ type: 'step', model });
    }
  }
  flush();
  return rows;
}
