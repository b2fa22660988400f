import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectationPassed, tallyOf } from './expectation';

describe('expectations', () => {
  it('a disposition passes when the flow ends that way', () => {
    assert.equal(expectationPassed('DELIVERED', 'DELIVERED'), true);
    assert.equal(expectationPassed('DELIVERED', 'DROPPED'), false);
    assert.equal(expectationPassed('DROPPED', null), false);
    assert.equal(expectationPassed(undefined, 'DROPPED'), null);
  });
  it('same-as-base compares with the base disposition', () => {
    assert.equal(expectationPassed('same-as-base', 'EXITED', 'EXITED'), true);
    assert.equal(expectationPassed('same-as-base', 'EXITED', 'DROPPED'), false);
    assert.equal(expectationPassed('same-as-base', 'EXITED'), false);
  });
  it('tallies passed, failed and unchecked', () => {
    assert.deepEqual(tallyOf([true, false, null, true]), { passed: 2, failed: 1, unchecked: 1 });
  });
});
