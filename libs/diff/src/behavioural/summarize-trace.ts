import { branchChoices, type Trace, type TraceBranch } from '@hookpath/engine';
import { branchChanges } from './branch-changes';
import type { FlowBranch, FlowChange, FlowOutcome, FlowResult } from './flow';
import { isFlowError } from './flow';
import { fate, header, route } from './outcome-keys';
import { pathSignature } from './path-signature';

type Leaf = Omit<Trace, 'branches' | 'branchesOmitted'>;

function outcomeOf(trace: Leaf): FlowOutcome {
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

/** One direction, then the reply's outcome nested once and the round trip's verdict. */
function leafOutcome(trace: Leaf): FlowOutcome {
  const outcome = outcomeOf(trace);
  if (trace.reply !== undefined) outcome.reply = outcomeOf(trace.reply);
  if (trace.roundTrip !== undefined) outcome.roundTrip = { established: trace.roundTrip.established, summary: trace.roundTrip.summary };
  return outcome;
}

const flowBranch = (branch: TraceBranch, index: number): FlowBranch => ({
  branch: index + 1,
  probability: branch.probability,
  choices: branchChoices(branch),
  ...leafOutcome(branch),
});

/** A trace reduced to what a comparison needs (JSON-friendly; the reply's outcome nested once, each branch summarized alike). */
export function summarizeTrace(trace: Trace): FlowOutcome {
  const outcome = leafOutcome(trace);
  const branches = trace.branches ?? [];
  if (branches.length > 0) {
    outcome.branches = branches.map(flowBranch);
    outcome.branchesOmitted = trace.branchesOmitted ?? 0;
  }
  return outcome;
}

const ORDER: readonly FlowChange[] = ['disposition', 'path', 'translation', 'branches'];

/**
 * What changed between two results of one flow: its fate (disposition or drop reason, either
 * direction), its path (signature or end point), the header it ended with, for the most likely leaf
 * and for every leaf both sides have; and the set of leaves (one appeared or disappeared, its
 * probability changed). An error on one side is a change of every kind; the same error on both
 * sides is no change.
 */
export function compareOutcomes(base: FlowResult, target: FlowResult): FlowChange[] {
  if (isFlowError(base) || isFlowError(target)) {
    if (isFlowError(base) && isFlowError(target) && base.error === target.error && base.message === target.message) return [];
    return ['disposition', 'path', 'translation'];
  }
  const changes = new Set<FlowChange>();
  if (fate(base) !== fate(target) || fate(base.reply) !== fate(target.reply)) changes.add('disposition');
  if (route(base) !== route(target) || route(base.reply) !== route(target.reply)) changes.add('path');
  if (header(base) !== header(target) || header(base.reply) !== header(target.reply)) changes.add('translation');
  for (const change of branchChanges(base, target)) for (const kind of change.kinds) changes.add(kind);
  if ((base.branchesOmitted ?? 0) !== (target.branchesOmitted ?? 0)) changes.add('branches');
  return ORDER.filter((kind) => changes.has(kind));
}
