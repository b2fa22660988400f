import type { FlowExpectation } from '@hookpath/contracts';
import type { Trace } from '@hookpath/engine';

export interface ExpectationTally {
  passed: number;
  failed: number;
  unchecked: number;
}

/** What an expectation is checked against: the request's disposition and, for a round trip, whether the answer came back. */
export interface CheckedOutcome {
  disposition: string | null;
  established?: boolean;
}

/**
 * Whether a flow did what it was expected to: null when it carried no expectation. A round-trip
 * flow expected DELIVERED passes only when its answer came back (the connection works), not merely
 * when the request arrived. `same-as-base` needs the base snapshot's disposition (diffs only).
 */
export function expectationPassed(expect: FlowExpectation | undefined, outcome: CheckedOutcome, baseDisposition?: string | null): boolean | null {
  if (expect === undefined) return null;
  if (expect === 'same-as-base') return baseDisposition !== undefined && outcome.disposition === baseDisposition;
  if (expect === 'DELIVERED' && outcome.established === false) return false;
  return outcome.disposition === expect;
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

export function checkedOutcome(trace: Trace): CheckedOutcome {
  return { disposition: trace.disposition, ...(trace.roundTrip === undefined ? {} : { established: trace.roundTrip.established }) };
}
