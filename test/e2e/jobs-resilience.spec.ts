import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { bullJobId, SIMULATION_QUEUE, type JobDto } from '@hookpath/contracts';
import {
  ApiClient,
  createTestDatabase,
  PrivatePostgres,
  PrivateRedis,
  startTestApp,
  submitJob,
  uploadExample,
  waitForJob,
  WorkerProcess,
  type ErrorResult,
  type TestApp,
} from '../support';

const PING = { from: 'vm-13-13-0-4', src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', icmpId: 7 } as const;

/** Retries until the API accepts the job again (the clients reconnect in the background). */
async function submitWhenBack(api: ApiClient, body: unknown, timeoutMs = 30_000): Promise<{ location: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.postJson<JobDto>('/api/v1/traces', body);
    if (res.status === 202 || res.status === 200) return { location: res.headers.get('location') ?? '' };
    if (Date.now() > deadline) throw new Error(`still ${res.status} after ${timeoutMs} ms: ${res.text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Redis stopped and started again (a redis-server of this test)', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let api: ApiClient;
  let worker: WorkerProcess;
  let snapshotId: string;

  before(async () => {
    redis = await PrivateRedis.start();
    t = await startTestApp({ redisUrl: redis.url });
    api = new ApiClient(t.baseUrl, t.writeToken);
    snapshotId = await uploadExample(api, '000-vpc-nat-gw-eip');
    worker = WorkerProcess.spawn({ databaseUrl: t.db.url, redisUrl: redis.url, queuePrefix: t.queuePrefix, name: 'w-redis' });
    await worker.ready();
  });

  after(async () => {
    await worker?.stop();
    await t?.close();
    await redis?.close();
  });

  it('while Redis is down a submit answers 503 at once and stores nothing; jobs and the worker recover by themselves', async () => {
    const { location } = await submitJob(api, '/api/v1/traces', { snapshotId, ...PING });
    assert.equal((await waitForJob(api, location)).status, 'completed');

    await redis.down();
    const before = await t.db.counts();
    const started = performance.now();
    const refused = (await api.postJson('/api/v1/traces', { snapshotId, ...PING, icmpId: 8 })) as ErrorResult;
    assert.equal(refused.status, 503, refused.text);
    assert.equal(refused.body.error.code, 'DEPENDENCY_UNAVAILABLE');
    assert.match(refused.body.error.message, /redis|queue/i);
    assert.ok(performance.now() - started < 5_000, 'answered without hanging');
    assert.deepEqual(await t.db.counts(), before, 'no job row without a queue entry');
    // Reading a stored job needs only Postgres.
    assert.equal((await api.get<JobDto>(location)).body.status, 'completed');
    assert.equal(worker.child.exitCode, null, 'the worker waits for Redis, it does not exit');

    await redis.up();
    const back = await submitWhenBack(api, { snapshotId, ...PING, icmpId: 9 });
    const done = await waitForJob(api, back.location);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
  });
});

describe('Postgres stopped and started again (a cluster of this test)', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  let api: ApiClient;
  let worker: WorkerProcess;
  let snapshotId: string;

  before(async () => {
    pg = await PrivatePostgres.start();
    const database = await createTestDatabase({ server: pg.url });
    t = await startTestApp({ database });
    api = new ApiClient(t.baseUrl, t.writeToken);
    snapshotId = await uploadExample(api, '000-vpc-nat-gw-eip');
    worker = WorkerProcess.spawn({ databaseUrl: t.db.url, redisUrl: t.config.redisUrl, queuePrefix: t.queuePrefix, name: 'w-pg' });
    await worker.ready();
  });

  after(async () => {
    await worker?.stop();
    await t?.close();
    await pg?.close();
  });

  it('while Postgres is down the API answers 503 with a clear message; after it returns, jobs run again', async () => {
    await pg.down();
    const started = performance.now();
    const refused = (await api.postJson('/api/v1/traces', { snapshotId, ...PING })) as ErrorResult;
    assert.equal(refused.status, 503, refused.text);
    assert.equal(refused.body.error.code, 'DEPENDENCY_UNAVAILABLE');
    assert.match(refused.body.error.message, /postgres|database/i);
    const read = (await api.get('/api/v1/jobs')) as ErrorResult;
    assert.equal(read.status, 503);
    assert.ok(performance.now() - started < 10_000, 'answered without hanging');
    assert.equal(worker.child.exitCode, null, 'the worker stays up');

    await pg.up();
    const back = await submitWhenBack(api, { snapshotId, ...PING, icmpId: 11 });
    const done = await waitForJob(api, back.location);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
  });

  it('a job that finds Postgres gone in the worker is retried with backoff and completes once it returns', async () => {
    await worker.stop();
    const { location, job } = await submitJob(api, '/api/v1/traces', { snapshotId, ...PING, icmpId: 12 });
    await pg.down();
    worker = WorkerProcess.spawn({ databaseUrl: t.db.url, redisUrl: t.config.redisUrl, queuePrefix: t.queuePrefix, name: 'w-pg-2' });
    await worker.ready();
    const queue = new Queue(SIMULATION_QUEUE, { prefix: t.queuePrefix, connection: { url: t.config.redisUrl } });
    try {
      // The first attempt fails on the database; BullMQ schedules the next one (backoff 0.5 s, 1 s, 2 s, ...).
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && ((await queue.getJob(bullJobId.trace(job.id)))?.attemptsMade ?? 0) < 1)
        await new Promise((r) => setTimeout(r, 100));
      assert.ok(((await queue.getJob(bullJobId.trace(job.id)))?.attemptsMade ?? 0) >= 1, 'an attempt failed while Postgres was down');
      await pg.up();
      const done = await waitForJob(api, location);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      // The row is written before BullMQ records the completion: wait for the queue's side too.
      const until = Date.now() + 10_000;
      while (Date.now() < until && (await (await queue.getJob(bullJobId.trace(job.id)))?.getState()) !== 'completed')
        await new Promise((r) => setTimeout(r, 50));
      const bull = await queue.getJob(bullJobId.trace(job.id));
      assert.equal(await bull?.getState(), 'completed');
      assert.ok((bull?.attemptsMade ?? 0) >= 2, `retried: ${bull?.attemptsMade} attempts`);
      assert.ok(
        worker.lines.some((l) => l.includes('job failed')),
        'the failed attempt is logged',
      );
    } finally {
      await queue.close();
    }
  });
});
