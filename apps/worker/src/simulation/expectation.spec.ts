import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectationPassed, tallyOf } from './expectation';

describe('expectations', () => {
  it('a disposition passes when the flow ends that way', () => {
    assert.equal(expectationPassed('DELIVERED', { disposition: 'DELIVERED' }), true);
    assert.equal(expectationPassed('DELIVERED', { disposition: 'DROPPED' }), false);
    assert.equal(expectationPassed('DROPPED', { disposition: null }), false);
    assert.equal(expectationPassed(undefined, { disposition: 'DROPPED' }), null);
  });
  it('a round trip expected DELIVERED needs its answer back', () => {
    assert.equal(expectationPassed('DELIVERED', { disposition: 'DELIVERED', established: true }), true);
    assert.equal(expectationPassed('DELIVERED', { disposition: 'DELIVERED', established: false }), false);
    assert.equal(expectationPassed('DROPPED', { disposition: 'DROPPED', established: false }), true);
  });
  it('same-as-base compares with the base disposition', () => {
    assert.equal(expectationPassed('same-as-base', { disposition: 'EXITED' }, 'EXITED'), true);
    assert.equal(expectationPassed('same-as-base', { disposition: 'EXITED' }, 'DROPPED'), false);
    assert.equal(expectationPassed('same-as-base', { disposition: 'EXITED' }), false);
  });
  it('tallies passed, failed and unchecked', () => {
    assert.deepEqual(tallyOf([true, false, null, true]), { passed: 2, failed: 1, unchecked: 1 });
  });
});
