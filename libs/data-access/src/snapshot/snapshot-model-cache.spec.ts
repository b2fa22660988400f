import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SnapshotModel } from '@hookpath/model';
import { SnapshotModelCache } from './snapshot-model-cache';

const model = (name: string): SnapshotModel => ({
  meta: { name },
  topology: { links: [], segments: [] },
  hosts: [],
  rawOnly: [],
  warnings: [],
});

describe('SnapshotModelCache', () => {
  it('loads each snapshot once, sharing a load between concurrent readers', async () => {
    const loads: string[] = [];
    const cache = new SnapshotModelCache(async (id) => {
      loads.push(id);
      return model(id);
    }, 4);
    const [a, b] = await Promise.all([cache.get('s1'), cache.get('s1')]);
    assert.equal(a, b);
    assert.equal((await cache.get('s1'))?.meta.name, 's1');
    assert.deepEqual(loads, ['s1']);
    assert.equal(cache.loadCount, 1);
  });

  it('evicts the least recently used snapshot beyond its capacity', async () => {
    const loads: string[] = [];
    const cache = new SnapshotModelCache(async (id) => {
      loads.push(id);
      return model(id);
    }, 2);
    await cache.get('a');
    await cache.get('b');
    await cache.get('a');
    await cache.get('c');
    assert.equal(cache.size, 2);
    await cache.get('a');
    await cache.get('b');
    assert.deepEqual(loads, ['a', 'b', 'c', 'b']);
  });

  it('keeps neither failed loads nor missing snapshots', async () => {
    let fail = true;
    const cache = new SnapshotModelCache(async (id) => {
      if (id === 'gone') return null;
      if (fail) throw new Error('database down');
      return model(id);
    });
    await assert.rejects(cache.get('x'), /database down/);
    assert.equal(await cache.get('gone'), null);
    assert.equal(cache.size, 0);
    fail = false;
    assert.equal((await cache.get('x'))?.meta.name, 'x');
    cache.delete('x');
    assert.equal(cache.size, 0);
  });

  it('refuses a capacity below one', () => {
    assert.throws(() => new SnapshotModelCache(async () => null, 0), /positive integer/);
  });
});
