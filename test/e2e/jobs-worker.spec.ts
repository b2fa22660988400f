import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { SIMULATION_QUEUE, type BatchFlowDto, type JobDto } from '@hookpath/contracts';
import { JobRepository, PrismaService } from '@hookpath/data-access';
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
  type ErrorResult,
  type TestApp,
} from '../support';

const SEED000 = '000-vpc-nat-gw-eip';
/** The running ping of seed 000: its conntrack entry predates the EIP rules. */
const OLD_PING = { from: 'vm-13-13-0-4', src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', icmpId: 27281 } as const;
const NEW_PING = { ...OLD_PING, icmpId: 1 };

describe('jobs through the real worker process (Postgres, Redis, BullMQ)', () => {
  let t: TestApp;
  let api: ApiClient;
  let worker: WorkerProcess;
  let queue: Queue;
  let seed000: string;
  let model000: SnapshotModel;

  before(async () => {
    t = await startTestApp();
    api = new ApiClient(t.baseUrl, t.writeToken);
    seed000 = await uploadExample(api, SEED000);
    model000 = await exampleModel(SEED000);
    worker = WorkerProcess.spawn({ databaseUrl: t.db.url, redisUrl: REDIS_URL, queuePrefix: t.queuePrefix, name: 'w-main' });
    await worker.ready();
    queue = new Queue(SIMULATION_QUEUE, { prefix: t.queuePrefix, connection: { url: REDIS_URL } });
  });

  after(async () => {
    await queue?.close();
    await worker?.stop();
    await t?.close();
  });

  it('submit, wait, read: 202 with a Location, then the trace document the engine gives in-process', async () => {
    const { location, job, status } = await submitJob(api, '/api/v1/traces', { snapshotId: seed000, ...NEW_PING });
    assert.equal(status, 202);
    assert.match(location, /^\/api\/v1\/traces\/[0-9a-f-]{36}$/);
    assert.ok(['queued', 'running'].includes(job.status));
    const done = await waitForJob(api, location);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.deepEqual(done.progress, { done: 1, total: 1 });
    assert.equal(done.error, null);
    assert.equal(done.attempts, 1);
    const expected = simulate(model000, {
      from: NEW_PING.from,
      packet: { src: NEW_PING.src, dst: NEW_PING.dst, proto: 'icmp', icmpId: 1 },
    });
    assert.deepEqual(done.result, JSON.parse(JSON.stringify(expected)));
    // The EIP's SNAT applies to the new ping: it leaves the gateway as 192.169.100.2.
    assert.equal((done.result as { end: { packet: { src: string } } }).end.packet.src, '192.169.100.2');
  });

  it('the old ping follows its conntrack entry (no SNAT), with the STALE_CONNTRACK diagnosis; a round trip is traced when asked', async () => {
    const { location } = await submitJob(api, '/api/v1/traces', { snapshotId: seed000, ...OLD_PING, roundTrip: true, expect: 'DELIVERED' });
    const done = await waitForJob(api, location);
    assert.equal(done.status, 'completed');
    const result = done.result as { end: { packet: { src: string } }; diagnosis: { code: string }[]; reply?: unknown; roundTrip?: unknown };
    assert.equal(result.end.packet.src, '13.13.0.4');
    assert.ok(result.diagnosis.some((d) => d.code === 'STALE_CONNTRACK_BYPASSES_NAT'));
    assert.ok(result.roundTrip !== undefined);
    // The expectation (DELIVERED) fails: the reply has no way back.
    assert.deepEqual(done.expectations, { passed: 0, failed: 1, unchecked: 0 });
  });

  it('Idempotency-Key: the same request answers the same job; the key with another body is refused', async () => {
    const key = `ci-run-${Date.now()}`;
    const first = await submitJob(api, '/api/v1/traces', { snapshotId: seed000, ...NEW_PING }, { 'idempotency-key': key });
    const again = await api.postJson<JobDto>('/api/v1/traces', { snapshotId: seed000, ...NEW_PING }, { 'idempotency-key': key });
    assert.equal(again.body.id, first.job.id);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const other = (await api.postJson('/api/v1/traces', { snapshotId: seed000, ...OLD_PING }, { 'idempotency-key': key })) as ErrorResult;
    assert.equal(other.status, 422, other.text);
    assert.equal(other.body.error.code, 'IDEMPOTENCY_KEY_REUSED');
    const rows = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM "Job" WHERE "idempotencyKey" = $1', [key]);
    assert.equal(Number(rows[0]?.n), 1);
    assert.equal((await waitForJob(api, first.location)).status, 'completed');
  });

  it('a flow the snapshot cannot place fails once, without retries, with the reason stored for the user', async () => {
    const { location } = await submitJob(api, '/api/v1/traces', { snapshotId: seed000, ...NEW_PING, from: 'no-such-host' });
    const done = await waitForJob(api, location);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.code, 'TRACE_REQUEST_INVALID');
    assert.match(done.error?.message ?? '', /no host "no-such-host"/);
    assert.equal(done.attempts, 1);
    // The row is written before BullMQ records the failure: wait for the queue's side too.
    const bullId = `trace.${done.id}`;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await (await queue.getJob(bullId))?.getState()) !== 'failed')
      await new Promise((r) => setTimeout(r, 50));
    const bull = await queue.getJob(bullId);
    assert.equal(await bull?.getState(), 'failed');
    assert.equal(bull?.attemptsMade, 1, 'UnrecoverableError: no second attempt');
  });

  it('a malformed queue payload fails without retries, and the job row says why', async () => {
    const prisma = new PrismaService(t.db.url, { maxConnections: 1 });
    try {
      const { job } = await new JobRepository(prisma).create({
        kind: 'trace',
        request: { snapshotId: seed000, ...NEW_PING },
        requestHash: 'x',
        idempotencyKey: null,
        snapshotIds: [seed000],
      });
      const bad = await queue.add('trace', { jobId: job.id, extra: true }, { attempts: 5, jobId: `bad.${job.id}` });
      const junk = await queue.add('trace', { jobId: 42 }, { attempts: 5, jobId: `junk.${job.id}` });
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && ((await bad.getState()) !== 'failed' || (await junk.getState()) !== 'failed'))
        await new Promise((r) => setTimeout(r, 100));
      for (const j of [bad, junk]) {
        const fresh = await queue.getJob(j.id as string);
        assert.equal(await fresh?.getState(), 'failed');
        assert.equal(fresh?.attemptsMade, 1);
        assert.match(fresh?.failedReason ?? '', /^invalid payload: data/);
      }
      const stored = await api.get<JobDto>(`/api/v1/jobs/${job.id}`);
      assert.equal(stored.body.status, 'failed');
      assert.equal(stored.body.error?.code, 'INVALID_PAYLOAD');
      assert.match(stored.body.error?.message ?? '', /Unrecognized key: "extra"/);
    } finally {
      await prisma.disconnect();
    }
  });

  it('bad requests are refused by the API with every problem named, and nothing is stored', async () => {
    const before = await t.db.counts();
    const res = (await api.postJson('/api/v1/traces', {
      snapshotId: seed000,
      from: 'vm-13-13-0-4',
      src: '13.13.0.400',
      dst: '1.1.1.1',
      proto: 'sctp',
    })) as ErrorResult;
    assert.equal(res.status, 400, res.text);
    assert.match(res.body.error.message, /src/);
    assert.match(res.body.error.message, /proto/);
    const batch = (await api.postJson('/api/v1/trace-batches', {
      snapshotId: seed000,
      flows: [{ from: 'a', src: '1.1.1.1', dst: 'x' }],
    })) as ErrorResult;
    assert.equal(batch.status, 400);
    assert.match(batch.body.error.message, /flows\.0\.dst/);
    assert.deepEqual(await t.db.counts(), before);
  });

  it('a batch with expectations: per-flow outcomes, pass/fail summary and a JUnit report', async () => {
    const flows = [
      { ...NEW_PING, label: 'new ping', roundTrip: true, expect: 'DELIVERED' },
      { ...OLD_PING, label: 'old ping', roundTrip: true, expect: 'DELIVERED' },
      { ...NEW_PING, icmpId: 2, label: 'bad place', from: 'nowhere', expect: 'DELIVERED' },
      { from: 'external-gw', src: '192.169.100.1', dst: '192.169.100.2', proto: 'icmp', icmpId: 9, label: 'to the EIP' },
    ];
    const { location } = await submitJob(api, '/api/v1/trace-batches', { snapshotId: seed000, flows });
    assert.match(location, /^\/api\/v1\/trace-batches\//);
    const done = await waitForJob(api, location);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.deepEqual(done.progress, { done: 4, total: 4 });
    // The old ping's request arrives, but its answer has no way back: a round trip expected DELIVERED fails.
    assert.deepEqual(done.expectations, { passed: 1, failed: 2, unchecked: 1 });
    const page = await api.get<{ items: BatchFlowDto[] }>(`${location}/flows?first=10`);
    assert.deepEqual(
      page.body.items.map((f) => [f.index, f.label, f.passed]),
      [
        [0, 'new ping', true],
        [1, 'old ping', false],
        [2, 'bad place', false],
        [3, 'to the EIP', null],
      ],
    );
    assert.ok(page.body.items[1]?.trace !== null, 'a failed flow keeps its whole trace document');
    assert.equal(page.body.items[0]?.trace, null);
    const outcome = (i: number) => page.body.items[i]?.outcome as { disposition?: string; src?: string; error?: string };
    assert.equal(outcome(0).src, '192.169.100.2');
    assert.equal(outcome(1).src, '13.13.0.4');
    assert.equal(outcome(2).error, 'UNKNOWN_HOST');
    const junit = await api.get(`${location}?format=junit`);
    assert.equal(junit.status, 200);
    assert.match(junit.headers.get('content-type') ?? '', /xml/);
    assert.match(junit.text, /<testsuite [^>]*tests="4"[^>]*failures="2"/);
    assert.match(junit.text, /<testcase [^>]*name="#1 old ping[^"]*"[^>]*>\s*<failure [^>]*>[^<]*not established/);
    assert.match(junit.text, /<testcase [^>]*name="#2 bad place[^"]*"[^>]*>\s*<(failure|error) [^>]*>[^<]*no host "nowhere"/);
  });

  it('diff of seed 000 before and after binding the EIP: the two rules; the new ping changed, the old ping did not', async () => {
    const beforeId = await uploadExample(api, '000-vpc-nat-gw-eip-before');
    const flows = [
      { ...NEW_PING, label: 'new ping' },
      { ...OLD_PING, label: 'old ping', expect: 'same-as-base' },
    ];
    const { location } = await submitJob(api, '/api/v1/diffs', { baseSnapshotId: beforeId, targetSnapshotId: seed000, flows });
    assert.match(location, /^\/api\/v1\/diffs\//);
    const done = await waitForJob(api, location);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.deepEqual(done.progress, { done: 2, total: 2 });
    assert.deepEqual(done.expectations, { passed: 1, failed: 0, unchecked: 1 });
    const result = done.result as {
      structural: { changes: { kind: string; after?: string; place: { host?: string; chain?: string } }[] };
      behavioural: {
        totals: { flows: number; unchanged: number; changed: number };
        groups: { cause: { kind: string; target?: string }; flows: { index: number; label?: string }[] }[];
      };
    };
    const rules = result.structural.changes.map((c) => [c.kind, c.place.host, c.place.chain, c.after]);
    assert.deepEqual(rules, [
      [
        'iptables.rule.added',
        'vpc-nat-gw-eip-p7cs4r5y-0',
        'EXCLUSIVE_DNAT',
        '-A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4',
      ],
      [
        'iptables.rule.added',
        'vpc-nat-gw-eip-p7cs4r5y-0',
        'EXCLUSIVE_SNAT',
        '-A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2',
      ],
    ]);
    assert.deepEqual(result.behavioural.totals, { flows: 2, unchanged: 1, changed: 1 });
    assert.equal(result.behavioural.groups.length, 1);
    const group = result.behavioural.groups[0];
    assert.deepEqual(
      group?.flows.map((f) => f.label),
      ['new ping'],
    );
    assert.match(group?.cause.target ?? '', /EXCLUSIVE_SNAT -s 13\.13\.0\.4\/32 -j SNAT --to-source 192\.169\.100\.2/);
  });

  it('generators: outside to every EIP of seed 000', async () => {
    const { location } = await submitJob(api, '/api/v1/trace-batches', {
      snapshotId: seed000,
      generators: [{ name: 'outside-to-exposed' }],
    });
    const done = await waitForJob(api, location);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.ok(done.progress.total >= 1);
    const page = await api.get<{ items: BatchFlowDto[] }>(`${location}/flows`);
    assert.ok(
      page.body.items.some((f) => (f.request as { dst: string }).dst === '192.169.100.2'),
      JSON.stringify(page.body.items.map((f) => f.request)),
    );
  });

  it('DELETE cancels: a cancelled batch stays cancelled and stops storing flows', async () => {
    const flows = Array.from({ length: 20_000 }, (_, i) => ({ ...NEW_PING, icmpId: i + 100, roundTrip: true }));
    const { location, job } = await submitJob(api, '/api/v1/trace-batches', { snapshotId: seed000, flows });
    const cancelled = await api.delete<JobDto>(location);
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.status, 'cancelled');
    await new Promise((r) => setTimeout(r, 2_000));
    const later = await api.get<JobDto>(location);
    assert.equal(later.body.status, 'cancelled');
    const stored = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM "JobFlowResult" WHERE "jobId" = $1', [job.id]);
    assert.ok(Number(stored[0]?.n) < flows.length, 'the cancelled batch did not run to the end');
    const again = await api.delete<JobDto>(location);
    assert.equal(again.body.status, 'cancelled');
  });
});
