import type { Trace } from './trace-types';

// The leaves of a trace's tree of choices (TRACE-CONTRACT "Branches") in the portal: their wording,
// tone and probability text come from the report library (branch-text), the CLI's wording.

export type TraceBranch = NonNullable<Trace['branches']>[number];
export type TraceChoice = TraceBranch['choices'][number];

/** The leaf a 1-based `branch` number names, or undefined when the trace has no such leaf. */
export function branchAt(trace: Trace, branch: number | undefined): TraceBranch | undefined {
  const branches = trace.branches ?? [];
  return branch === undefined || branch < 1 ? undefined : branches[branch - 1];
}

/** 1-based numbers as `path 2` or `paths 1, 3`. */
export function pathNumbers(numbers: readonly number[]): string {
  return `${numbers.length === 1 ? 'path' : 'paths'} ${numbers.join(', ')}`;
}
