import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadWorkerConfig, WorkerConfigError } from './worker-config';

describe('loadWorkerConfig', () => {
  it('has defaults for everything', () => {
    const c = loadWorkerConfig({});
    assert.equal(c.queuePrefix, 'hookpath');
    assert.equal(c.concurrency, 2);
    assert.equal(c.lockDurationMs, 30_000);
    assert.equal(c.batchChunkSize, 500);
    assert.match(c.workerName, /:\d+$/);
  });
  it('reads the variables and names every bad one', () => {
    const c = loadWorkerConfig({ HOOKPATH_WORKER_CONCURRENCY: '4', HOOKPATH_WORKER_NAME: 'w1', HOOKPATH_QUEUE_PREFIX: 'ci-1' });
    assert.equal(c.concurrency, 4);
    assert.equal(c.workerName, 'w1');
    assert.equal(c.queuePrefix, 'ci-1');
    assert.throws(
      () => loadWorkerConfig({ HOOKPATH_WORKER_CONCURRENCY: '0', REDIS_URL: 'http://x' }),
      (error: unknown) => {
        assert.ok(error instanceof WorkerConfigError);
        assert.equal(error.problems.length, 2);
        assert.match(error.message, /HOOKPATH_WORKER_CONCURRENCY="0"/);
        assert.match(error.message, /REDIS_URL="http:\/\/x": expected a redis:\/\/ URL/);
        return true;
      },
    );
  });
});
