import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeRuleCursor, encodeRuleCursor } from '@hookpath/data-access';
import { GraphQLError } from 'graphql';
import { INVALID_PAGE_ARGUMENTS, rulePageStart } from './rule-page-start';

/** A client error with the stable code, a message matching `message` and a fix. */
const refused = (message: RegExp) => (error: unknown) =>
  error instanceof GraphQLError &&
  error.extensions['code'] === INVALID_PAGE_ARGUMENTS &&
  typeof error.extensions['fix'] === 'string' &&
  message.test(error.message);

it('rulePageStart: `after` as given, or the cursor of the rule at `afterPosition` (0: the first page)', () => {
  const cursor = encodeRuleCursor(40);
  assert.equal(rulePageStart(undefined, undefined), null);
  assert.equal(rulePageStart(null, null), null);
  assert.equal(rulePageStart(cursor, undefined), cursor);
  assert.equal(rulePageStart(cursor, null), cursor);
  assert.equal(rulePageStart(undefined, 0), null);
  assert.equal(rulePageStart(null, 0), null);
  const start = rulePageStart(undefined, 50_000);
  assert.ok(start !== null);
  assert.equal(decodeRuleCursor(start), 50_000);
});

it('rulePageStart: a negative position, or both arguments, is INVALID_PAGE_ARGUMENTS with a fix', () => {
  assert.throws(() => rulePageStart(undefined, -1), refused(/afterPosition -1 is negative/));
  assert.throws(() => rulePageStart(null, -100), refused(/afterPosition -100 is negative/));
  assert.throws(() => rulePageStart(encodeRuleCursor(2), 2), refused(/both given/));
  assert.throws(() => rulePageStart(encodeRuleCursor(2), 0), refused(/both given/));
  assert.throws(() => rulePageStart('', 3), refused(/both given/), 'an empty cursor is still a second argument');
});
