/**
 * How an expectation reads a trace with branches (TRACE-CONTRACT "Branches"): `all`, every listed
 * leaf must meet it (the default); `any`, one leaf is enough.
 */
export const BRANCH_QUANTIFIERS = ['all', 'any'] as const;
export type BranchQuantifier = (typeof BRANCH_QUANTIFIERS)[number];
