import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, requestHash } from './request-hash';

describe('requestHash', () => {
  it('ignores key order and undefined fields, at every level', () => {
    const a = { snapshotId: 's', flows: [{ src: '10.0.0.1', dst: '10.0.0.2', dport: 80 }], expect: undefined };
    const b = { flows: [{ dport: 80, dst: '10.0.0.2', src: '10.0.0.1' }], snapshotId: 's' };
    assert.equal(canonicalJson(a), canonicalJson(b));
    assert.equal(requestHash('trace-batch', a), requestHash('trace-batch', b));
  });

  it('differs with the kind, a value or the order of flows', () => {
    const flows = [{ src: '10.0.0.1' }, { src: '10.0.0.2' }];
    const base = requestHash('trace-batch', { flows });
    assert.notEqual(base, requestHash('diff', { flows }));
    assert.notEqual(base, requestHash('trace-batch', { flows: [...flows].reverse() }));
    assert.notEqual(base, requestHash('trace-batch', { flows: [{ src: '10.0.0.1' }, { src: '10.0.0.3' }] }));
    assert.match(base, /^[0-9a-f]{64}$/);
  });
});
