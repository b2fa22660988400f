import type { FlowExpectation } from '@hookpath/contracts';

export interface ExpectationTally {
  passed: number;
  failed: number;
  unchecked: number;
}

/**
 * Whether a flow did what it was expected to: null when it carried no expectation. `same-as-base`
 * needs the base snapshot's disposition (diffs only).
 */
export function expectationPassed(expect: FlowExpectation | undefined, disposition: string | null, baseDisposition?: string | null): boolean | null {
  if (expect === undefined) return null;
  if (expect === 'same-as-base') return baseDisposition !== undefined && disposition === baseDisposition;
  return disposition === expect;
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
