import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderedUuid } from './ordered-uuid';

describe('orderedUuid', () => {
  it('gives version 7 UUIDs that sort in the order they were made, each once', () => {
    const ids = Array.from({ length: 20_000 }, () => orderedUuid());
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('starts with the time it was made', () => {
    const before = Date.now();
    const id = orderedUuid();
    const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    assert.ok(ms >= before && ms <= Date.now() + 10, `${ms} is not between ${before} and now`);
  });
});
