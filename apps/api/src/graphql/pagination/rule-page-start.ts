import { encodeRuleCursor } from '@hookpath/data-access';
import { GraphQLError } from 'graphql';

export const INVALID_PAGE_ARGUMENTS = 'INVALID_PAGE_ARGUMENTS';

/**
 * Where a page of a chain's rules starts, as the `after` cursor the rule loaders take: the client's
 * own `after`, or the cursor of the rule at `afterPosition` (0: none, the page starts at the first
 * rule). Both at once, or a negative position, is a client error with a stable code.
 */
export function rulePageStart(after: string | null | undefined, afterPosition: number | null | undefined): string | null {
  // An argument the query leaves out arrives as undefined, one given as null as null.
  if (afterPosition === null || afterPosition === undefined) return after ?? null;
  if (after !== null && after !== undefined) {
    throw new GraphQLError('`after` and `afterPosition` both given: a page starts after one rule', {
      extensions: {
        code: INVALID_PAGE_ARGUMENTS,
        fix: 'pass `after` (an endCursor) to read on, or `afterPosition` to start after a position, not both',
      },
    });
  }
  if (afterPosition < 0) {
    throw new GraphQLError(`afterPosition ${afterPosition} is negative: positions start at 1`, {
      extensions: {
        code: INVALID_PAGE_ARGUMENTS,
        fix: 'pass `afterPosition: 0` to start at the first rule, or the position of the rule the page should follow',
      },
    });
  }
  return afterPosition === 0 ? null : encodeRuleCursor(afterPosition);
}
