import { decisiveStep, failed, type DecisiveStep } from '@hookpath/report';
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
  /** The decisive step of a direction that did not get through (drawn red). */
  stop: boolean;
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

/** The step that decided this direction's fate (the report library's rule), without looking at a reply. */
export function ownDecisive(trace: Trace): DecisiveStep | null {
  return decisiveStep(
    trace.reply === undefined && trace.roundTrip === undefined ? trace : { ...trace, reply: undefined, roundTrip: undefined },
  );
}

/** 0-based index of this direction's decisive step, or null for a trace without steps. */
export function decisiveIndex(trace: Trace): number | null {
  const decisive = ownDecisive(trace);
  return decisive === null ? null : decisive.number - 1;
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
  const stopped = failed(trace.disposition);
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
    return {
      index,
      step,
      before,
      after,
      changed,
      decisive: isDecisive,
      stop: isDecisive && stopped,
      noOp: !isDecisive && isNoOp(step, changed),
    };
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
