import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { SIMULATION_QUEUE, type JobDto } from '@hookpath/contracts';
import { summarizeTrace } from '@hookpath/diff';
import { simulate } from '@hookpath/engine';
import type { SnapshotModel } from '@hookpath/model';
import {
  ApiClient,
  exampleModel,
  REDIS_URL,
  startTestApp,
  submitJob,
  uploadExample,
  waitForJob,
  WorkerProcess,
  type TestApp,
} from '../support';

const EXAMPLE = '003-br-netfilter-fixed';

/** pod-a to the Service default/web, one connection per source port, with its answer. */
function flows(
  count: number,
): { from: string; src: string; dst: string; proto: 'tcp'; sport: number; dport: number; roundTrip: boolean }[] {
  return Array.from({ length: count }, (_, i) => ({
    from: 'pod-a',
    src: '10.244.0.2',
    dst: '10.96.0.10',
    proto: 'tcp',
    sport: 10_000 + i,
    dport: 80,
    roundTrip: true,
  }));
}

interface FlowRow extends Record<string, unknown> {
  index: number;
  worker: string;
  outcome: unknown;
}

async function storedFlows(t: TestApp, jobId: string): Promise<FlowRow[]> {
  return t.db.query<FlowRow>('SELECT "index", worker, outcome FROM "JobFlowResult" WHERE "jobId" = $1 ORDER BY "index"', [jobId]);
}

/** Every index 0..total-1 stored exactly once (the primary key forbids twice; this checks none is missing). */
function assertEveryFlowOnce(rows: FlowRow[], total: number): void {
  assert.equal(rows.length, total);
  rows.forEach((row, i) => assert.equal(row.index, i));
}

/** Sampled flows agree with the engine run in-process on the same model. */
function assertOutcomesMatchEngine(rows: FlowRow[], model: SnapshotModel, sent: ReturnType<typeof flows>): void {
  for (const i of [0, 1, 4_999, rows.length - 1]) {
    const f = sent[i];
    if (f === undefined) continue;
    const expected = summarizeTrace(simulate(model, { from: f.from, packet: f }, { roundTrip: true }));
    assert.deepEqual(rows[i]?.outcome, JSON.parse(JSON.stringify(expected)), `flow ${i}`);
  }
}

describe('a 10,000-flow batch across two worker processes', () => {
  let t: TestApp;
  let api: ApiClient;
  let snapshotId: string;
  let model: SnapshotModel;
  const workers: WorkerProcess[] = [];

  before(async () => {
    t = await startTestApp();
    api = new ApiClient(t.baseUrl, t.writeToken);
    snapshotId = await uploadExample(api, EXAMPLE);
    model = await exampleModel(EXAMPLE);
    for (const name of ['w-1', 'w-2'])
      workers.push(WorkerProcess.spawn({ databaseUrl: t.db.url, redisUrl: REDIS_URL, queuePrefix: t.queuePrefix, name }));
    await Promise.all(workers.map((w) => w.ready()));
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t?.close();
  });

  it('both workers take chunks; every flow is traced once and agrees with the engine in-process', async () => {
    const sent = flows(10_000);
    const { location, job } = await submitJob(api, '/api/v1/trace-batches', { snapshotId, flows: sent, expect: 'DELIVERED' });
    const done = await waitForJob(api, location, 300);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.deepEqual(done.progress, { done: 10_000, total: 10_000 });
    assert.deepEqual(done.expectations, { passed: 10_000, failed: 0, unchecked: 0 });
    const summary = done.result as { total: number; byDisposition: Record<string, number>; byWorker: Record<string, number> };
    assert.equal(summary.total, 10_000);
    assert.deepEqual(summary.byDisposition, { DELIVERED: 10_000 });
    assert.deepEqual(
      Object.keys(summary.byWorker).sort(),
      ['w-1', 'w-2'],
      `both workers traced flows: ${JSON.stringify(summary.byWorker)}`,
    );
    assert.ok(Object.values(summary.byWorker).every((n) => n > 0));
    const rows = await storedFlows(t, job.id);
    assertEveryFlowOnce(rows, 10_000);
    assertOutcomesMatchEngine(rows, model, sent);
  });
});

describe('kill -9 of a worker in the middle of a batch', () => {
  let t: TestApp;
  let api: ApiClient;
  let snapshotId: string;
  let model: SnapshotModel;
  let queue: Queue;
  const workers: WorkerProcess[] = [];
  // Short locks so that the dead worker's job is taken over within seconds, not the default 30 s.
  const spawn = (name: string): WorkerProcess => {
    const w = WorkerProcess.spawn({
      databaseUrl: t.db.url,
      redisUrl: REDIS_URL,
      queuePrefix: t.queuePrefix,
      name,
      lockMs: 2_000,
      stalledMs: 1_000,
    });
    workers.push(w);
    return w;
  };

  before(async () => {
    t = await startTestApp();
    api = new ApiClient(t.baseUrl, t.writeToken);
    snapshotId = await uploadExample(api, EXAMPLE);
    model = await exampleModel(EXAMPLE);
    queue = new Queue(SIMULATION_QUEUE, { prefix: t.queuePrefix, connection: { url: REDIS_URL } });
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await queue?.close();
    await t?.close();
  });

  it('the job it held is taken over by another worker and the batch completes with every flow exactly once', async () => {
    const victim = spawn('w-victim');
    await victim.ready();
    const sent = flows(20_000);
    const { location, job } = await submitJob(api, '/api/v1/trace-batches', { snapshotId, flows: sent });
    // Wait until the victim is in the middle of the batch (some flows stored, a chunk active).
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const status = (await api.get<JobDto>(location)).body;
      const active = (await queue.getActive()).filter((j) => j.name === 'trace-chunk');
      if (status.progress.done > 0 && active.length > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await victim.kill9();
    // The victim was the only worker: every chunk still active is one it held when it died (BullMQ
    // hands a worker its next job as it finishes one, so a busy worker always holds one).
    const orphaned = (await queue.getActive()).filter((j) => j.name === 'trace-chunk').map((j) => j.id as string);
    assert.ok(orphaned.length > 0, 'the victim died holding a chunk');
    const progressAtKill = (await api.get<JobDto>(location)).body.progress.done;
    assert.ok(progressAtKill < sent.length, 'killed before the end');

    const rescuer = spawn('w-rescuer');
    await rescuer.ready();
    const done = await waitForJob(api, location, 300);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.deepEqual(done.progress, { done: sent.length, total: sent.length });
    const rows = await storedFlows(t, job.id);
    assertEveryFlowOnce(rows, sent.length);
    assertOutcomesMatchEngine(rows, model, sent);
    for (const id of orphaned) {
      const chunk = await queue.getJob(id);
      assert.equal(await chunk?.getState(), 'completed', id);
      assert.equal(chunk?.processedBy, 'w-rescuer', `${id} finished by the other worker`);
      assert.ok((chunk?.stalledCounter ?? 0) >= 1, `${id} was detected as stalled`);
    }
    assert.ok(rescuer.lines.some((l) => l.includes('stalled job taken over')));
  });
});
