import type { FlowBranch, FlowChange, FlowOutcome } from './flow';
import { fate, header, route } from './outcome-keys';

/** How one leaf of a flow's tree of choices differs between the two snapshots. */
export interface BranchChange {
  /** The choices that identify the leaf on either side (`node-1 ipvs 10.253.3.5:8000`); empty for a trace without choices. */
  choices: string;
  /** `appeared`: only the target has the leaf; `disappeared`: only the base; `changed`: both, ending differently. */
  change: 'appeared' | 'disappeared' | 'changed';
  /** What differs: `branches` for a leaf on one side only or whose probability changed, else the leaf's fate, path or header. */
  kinds: FlowChange[];
  base: FlowBranch | null;
  target: FlowBranch | null;
}

/** Probabilities closer than this are the same (they are products of shares printed to a few digits). */
const PROBABILITY_EPSILON = 1e-6;

/** A trace without choices is one leaf with no choices and probability 1. */
function leavesOf(outcome: FlowOutcome): FlowBranch[] {
  if (outcome.branches !== undefined && outcome.branches.length > 0) return outcome.branches;
  const leaf: FlowBranch = { ...outcome, branch: 1, probability: 1, choices: '' };
  delete (leaf as FlowOutcome).branches;
  delete (leaf as FlowOutcome).branchesOmitted;
  return [leaf];
}

/** The single path of a trace without choices, named by the leaf of the other side that ends with the same header (and path, if several do). */
function asCounterpart(single: FlowBranch, others: readonly FlowBranch[]): FlowBranch {
  const sameEnd = others.filter((o) => header(o) === header(single) && header(o.reply) === header(single.reply));
  const match = sameEnd.find((o) => route(o) === route(single)) ?? sameEnd[0];
  return match === undefined ? single : { ...single, choices: match.choices };
}

/** Leaves keyed by their choices (a repeated text numbered by occurrence), in order. */
function keyed(leaves: readonly FlowBranch[]): Map<string, FlowBranch> {
  const seen = new Map<string, number>();
  const out = new Map<string, FlowBranch>();
  for (const leaf of leaves) {
    const n = seen.get(leaf.choices) ?? 0;
    seen.set(leaf.choices, n + 1);
    out.set(n === 0 ? leaf.choices : `${leaf.choices}#${n}`, leaf);
  }
  return out;
}

function leafKinds(base: FlowBranch, target: FlowBranch): FlowChange[] {
  const kinds: FlowChange[] = [];
  if (fate(base) !== fate(target) || fate(base.reply) !== fate(target.reply)) kinds.push('disposition');
  if (route(base) !== route(target) || route(base.reply) !== route(target.reply)) kinds.push('path');
  if (header(base) !== header(target) || header(base.reply) !== header(target.reply)) kinds.push('translation');
  if (Math.abs(base.probability - target.probability) > PROBABILITY_EPSILON) kinds.push('branches');
  return kinds;
}

/**
 * The leaves that differ between two outcomes of one flow, matched by their choices: a leaf only
 * one side has, or one both have that ends differently (fate, path, header, either direction) or
 * with another probability. Base order first, then the target's new leaves. Nothing when neither
 * trace met a choice (the outcomes' own fields say it all). A trace without choices is one leaf of
 * probability 1, matched with the other side's leaf that ends with the same header.
 */
export function branchChanges(base: FlowOutcome, target: FlowOutcome): BranchChange[] {
  const baseBranched = (base.branches ?? []).length > 0;
  const targetBranched = (target.branches ?? []).length > 0;
  if (!baseBranched && !targetBranched) return [];
  let baseLeaves = leavesOf(base);
  let targetLeaves = leavesOf(target);
  // one side without choices (a Service down to one endpoint, or up from one): its one path is the
  // other side's leaf that ends the same way, if any
  if (!baseBranched) baseLeaves = [asCounterpart(baseLeaves[0] as FlowBranch, targetLeaves)];
  if (!targetBranched) targetLeaves = [asCounterpart(targetLeaves[0] as FlowBranch, baseLeaves)];
  const before = keyed(baseLeaves);
  const after = keyed(targetLeaves);
  const changes: BranchChange[] = [];
  for (const [key, b] of before) {
    const t = after.get(key);
    if (t === undefined) {
      changes.push({ choices: b.choices, change: 'disappeared', kinds: ['branches'], base: b, target: null });
      continue;
    }
    const kinds = leafKinds(b, t);
    if (kinds.length > 0) changes.push({ choices: b.choices, change: 'changed', kinds, base: b, target: t });
  }
  for (const [key, t] of after) {
    if (!before.has(key)) changes.push({ choices: t.choices, change: 'appeared', kinds: ['branches'], base: null, target: t });
  }
  return changes;
}
