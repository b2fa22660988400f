import {
  expectationVerdict,
  type BranchQuantifier,
  type CheckedFlow,
  type ExpectationVerdict,
  type FlowExpectation,
} from '@hookpath/contracts';

export interface ExpectationTally {
  passed: number;
  failed: number;
  unchecked: number;
}

/**
 * Whether a flow did what it was expected to, on every branch of its trace (or any, as the flow
 * says): null when it carried no expectation. A round-trip flow expected DELIVERED passes only when
 * its answer came back. `same-as-base` needs the base snapshot, so outside a diff it fails.
 */
export function verdictOf(
  expect: FlowExpectation | undefined,
  quantifier: BranchQuantifier | undefined,
  outcome: CheckedFlow,
): ExpectationVerdict {
  if (expect === 'same-as-base') return { passed: false, failedBranches: [] };
  return expectationVerdict(expect, quantifier, outcome);
}

export function tallyOf(results: readonly (boolean | null)[]): ExpectationTally {
  const tally: ExpectationTally = { passed: 0, failed: 0, unchecked: 0 };
  for (const r of results) {
    if (r === true) tally.passed += 1;
    else if (r === false) tally.failed += 1;
    else tally.unchecked += 1;
  }
  return tally;
}
