import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkSizeFor } from './batch-fan-out';

describe('chunkSizeFor', () => {
  it('splits a 10,000-flow batch into 32 chunks so that every worker gets a share', () => {
    const size = chunkSizeFor(10_000, 500);
    assert.equal(size, 313);
    assert.equal(Math.ceil(10_000 / size), 32);
  });
  it('keeps the configured size for large batches and at least 50 flows per chunk for small ones', () => {
    assert.equal(chunkSizeFor(100_000, 500), 500);
    assert.equal(chunkSizeFor(10, 500), 50);
    assert.equal(chunkSizeFor(10, 4), 4);
  });
});
