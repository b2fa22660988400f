import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tallyOf, verdictOf } from './expectation';

const leaf = (disposition: string, established?: boolean) => ({
  disposition,
  ...(established === undefined ? {} : { roundTrip: { established } }),
});

describe('expectations', () => {
  it('a disposition passes when the flow ends that way', () => {
    assert.deepEqual(verdictOf('DELIVERED', undefined, leaf('DELIVERED')), { passed: true, failedBranches: [] });
    assert.equal(verdictOf('DELIVERED', undefined, leaf('DROPPED')).passed, false);
    assert.equal(verdictOf('DROPPED', undefined, { disposition: null }).passed, false);
    assert.deepEqual(verdictOf(undefined, undefined, leaf('DROPPED')), { passed: null, failedBranches: [] });
  });
  it('a round trip expected DELIVERED needs its answer back', () => {
    assert.equal(verdictOf('DELIVERED', undefined, leaf('DELIVERED', true)).passed, true);
    assert.equal(verdictOf('DELIVERED', undefined, leaf('DELIVERED', false)).passed, false);
    assert.equal(verdictOf('DROPPED', undefined, leaf('DROPPED', false)).passed, true);
  });
  it('same-as-base cannot pass without a base snapshot', () => {
    assert.equal(verdictOf('same-as-base', undefined, leaf('EXITED')).passed, false);
  });

  describe('a trace with branches (the top level is one of them)', () => {
    // seed 004's shape: two servers unreachable, one delivered whose answer is dropped
    const flow = { ...leaf('DROPPED'), branches: [leaf('DROPPED'), leaf('DROPPED'), leaf('DELIVERED', false)] };
    it('all (the default): every branch must meet the expectation; the others are named, 1-based', () => {
      assert.deepEqual(verdictOf('DROPPED', undefined, flow), { passed: false, failedBranches: [3] });
      assert.deepEqual(verdictOf('DROPPED', 'all', flow), { passed: false, failedBranches: [3] });
      assert.deepEqual(verdictOf('DELIVERED', 'all', flow), { passed: false, failedBranches: [1, 2, 3] });
    });
    it('any: one branch is enough, and the failing ones are still named', () => {
      assert.deepEqual(verdictOf('DROPPED', 'any', flow), { passed: true, failedBranches: [3] });
      // the delivered branch's answer does not come back, so no branch works as a connection
      assert.deepEqual(verdictOf('DELIVERED', 'any', flow), { passed: false, failedBranches: [1, 2, 3] });
      assert.deepEqual(verdictOf('DELIVERED', 'any', { ...flow, branches: [leaf('DROPPED'), leaf('DELIVERED', true)] }), {
        passed: true,
        failedBranches: [1],
      });
    });
    it('the top level is not checked on its own: a passing top leaf does not hide a failing branch', () => {
      assert.deepEqual(verdictOf('DROPPED', 'all', { ...leaf('DROPPED'), branches: [leaf('DROPPED'), leaf('EXITED')] }), {
        passed: false,
        failedBranches: [2],
      });
    });
  });

  it('tallies passed, failed and unchecked', () => {
    assert.deepEqual(tallyOf([true, false, null, true]), { passed: 2, failed: 1, unchecked: 1 });
  });
});
