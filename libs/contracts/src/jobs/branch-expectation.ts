import type { BranchQuantifier } from './branch-quantifier';
import type { FlowExpectation } from './flow-request';

export { BRANCH_QUANTIFIERS, type BranchQuantifier } from './branch-quantifier';

/** One leaf as an expectation checks it: a trace document, a branch of one, or a stored flow outcome. */
export interface CheckedLeaf {
  disposition: string | null;
  /** For a round trip: whether the answer came back. */
  roundTrip?: { established: boolean } | undefined;
}

/** A flow's outcome with its leaves (none when the trace met no choice). */
export interface CheckedFlow extends CheckedLeaf {
  branches?: readonly CheckedLeaf[] | undefined;
}

export interface ExpectationVerdict {
  /** Null when the flow carried no expectation. */
  passed: boolean | null;
  /** 1-based numbers of the branches that did not meet it (empty without branches). */
  failedBranches: number[];
}

/**
 * Whether one leaf does what a disposition expectation says. A round trip expected DELIVERED passes
 * only when its answer came back (the connection works), not merely when the request arrived.
 */
export function leafMeets(expect: Exclude<FlowExpectation, 'same-as-base'>, leaf: CheckedLeaf): boolean {
  if (expect === 'DELIVERED' && leaf.roundTrip?.established === false) return false;
  return leaf.disposition === expect;
}

/**
 * A disposition expectation checked on a flow: on its one path, or on each listed branch, passing
 * when every branch meets it (`all`) or at least one does (`any`). Branches past the engine's limit
 * (`branchesOmitted`) are not checked.
 */
export function expectationVerdict(
  expect: Exclude<FlowExpectation, 'same-as-base'> | undefined,
  quantifier: BranchQuantifier | undefined,
  flow: CheckedFlow,
): ExpectationVerdict {
  if (expect === undefined) return { passed: null, failedBranches: [] };
  const branches = flow.branches ?? [];
  if (branches.length === 0) return { passed: leafMeets(expect, flow), failedBranches: [] };
  const failedBranches = branches.flatMap((leaf, i) => (leafMeets(expect, leaf) ? [] : [i + 1]));
  const passed = (quantifier ?? 'all') === 'any' ? failedBranches.length < branches.length : failedBranches.length === 0;
  return { passed, failedBranches };
}
