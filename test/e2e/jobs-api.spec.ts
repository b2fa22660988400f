import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JobEvents } from '@hookpath/api';
import {
  bullJobId,
  jobEventsChannel,
  SIMULATION_QUEUE,
  type ApiErrorBody,
  type JobDto,
  type SnapshotCreatedDto,
} from '@hookpath/contracts';
import { ApiClient, EXAMPLES_DIR, readFolder, REDIS_URL, startTestApp, type HttpResult, type TestApp } from '../support';
import { postJob } from '../support/jobs';
import { TcpProxy } from '../support/private-servers';

type ErrorBody = ApiErrorBody;

interface JobList {
  items: JobDto[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

function assertError(result: HttpResult<unknown>, status: number, code: string): ErrorBody['error'] {
  assert.equal(result.status, status, `expected ${status} ${code}, got ${result.status}: ${result.text}`);
  const body = result.body as ErrorBody;
  assert.equal(body.error.code, code, result.text);
  return body.error;
}

const INCIDENT = { from: 'vm-13-13-0-4', src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', icmpId: 27281, roundTrip: true };

describe('REST and GraphQL jobs (API only, no worker)', () => {
  let t: TestApp;
  let writer: ApiClient;
  let reader: ApiClient;
  let queue: Queue;
  let snapshotId: string;
  let otherSnapshotId: string;

  const trace = (body: unknown, options: { idempotencyKey?: string; query?: string } = {}) =>
    postJob(t.baseUrl, t.writeToken, 'traces', body, options);

  before(async () => {
    t = await startTestApp();
    writer = new ApiClient(t.baseUrl, t.writeToken);
    reader = new ApiClient(t.baseUrl, t.readToken);
    queue = new Queue(SIMULATION_QUEUE, { connection: { url: REDIS_URL }, prefix: t.queuePrefix });
    const upload = async (name: string): Promise<string> => {
      const res = await writer.postJson<SnapshotCreatedDto>('/api/v1/snapshots', { files: await readFolder(join(EXAMPLES_DIR, name)) });
      assert.ok(res.status === 201 || res.status === 200, res.text);
      return res.body.id;
    };
    snapshotId = await upload('000-vpc-nat-gw-eip');
    otherSnapshotId = await upload('000-vpc-nat-gw-eip-before');
  });

  after(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await t.close();
  });

  describe('submission', () => {
    it('POST /api/v1/traces: 202, Location, a queued job, and its BullMQ entry under the app prefix', async () => {
      const res = await trace({ snapshotId, ...INCIDENT });
      assert.equal(res.status, 202, res.text);
      assert.equal(res.headers.get('location'), `/api/v1/traces/${res.body.id}`);
      assert.equal(res.headers.get('idempotent-replayed'), null);
      assert.equal(res.body.kind, 'trace');
      assert.equal(res.body.status, 'queued');
      assert.deepEqual(res.body.progress, { done: 0, total: 0 });
      assert.equal(res.body.result, null);
      const entry = await queue.getJob(bullJobId.trace(res.body.id));
      assert.ok(entry, 'the job is on the queue');
      assert.equal(entry.name, 'trace');
      assert.deepEqual(entry.data, { jobId: res.body.id });
      assert.equal(entry.opts.attempts, 5);
      const stored = await t.db.query<{ request: unknown; snapshotIds: string[] }>(
        'SELECT request, "snapshotIds" FROM "Job" WHERE id = $1',
        [res.body.id],
      );
      assert.deepEqual(stored[0]?.request, { snapshotId, ...INCIDENT });
      assert.deepEqual(stored[0]?.snapshotIds, [snapshotId]);
    });

    it('batches and diffs are queued under their own names and resources', async () => {
      const batch = await postJob(t.baseUrl, t.writeToken, 'trace-batches', {
        snapshotId,
        flows: [INCIDENT, { ...INCIDENT, icmpId: 1, expect: 'EXITED' }],
        generators: [{ name: 'pods-to-outside' }],
      });
      assert.equal(batch.status, 202, batch.text);
      assert.equal(batch.headers.get('location'), `/api/v1/trace-batches/${batch.body.id}`);
      assert.equal((await queue.getJob(bullJobId.traceBatch(batch.body.id)))?.name, 'trace-batch');
      const diff = await postJob(t.baseUrl, t.writeToken, 'diffs', {
        baseSnapshotId: otherSnapshotId,
        targetSnapshotId: snapshotId,
        expect: 'same-as-base',
      });
      assert.equal(diff.status, 202, diff.text);
      assert.equal(diff.body.kind, 'diff');
      assert.equal((await queue.getJob(bullJobId.diff(diff.body.id)))?.name, 'diff');
    });

    it('a batch of 100,000 flows (about 12 MiB of JSON) is accepted', async () => {
      const flows = Array.from({ length: 100_000 }, (_, i) => ({
        from: 'vm-13-13-0-4',
        src: '13.13.0.4',
        dst: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        proto: 'tcp',
        sport: 1024 + (i % 60000),
        dport: 443,
        label: `flow-${i}`,
      }));
      const body = JSON.stringify({ snapshotId, flows, expect: 'EXITED' });
      assert.ok(body.length > 10 * 1024 * 1024, `${body.length} bytes`);
      const res = await postJob(t.baseUrl, t.writeToken, 'trace-batches', body);
      assert.equal(res.status, 202, res.text.slice(0, 500));
    });

    it('a body over HOOKPATH_MAX_REQUEST_BYTES (32 MiB) is 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await postJob(
        t.baseUrl,
        t.writeToken,
        'trace-batches',
        JSON.stringify({ snapshotId, label: 'x'.repeat(33 * 1024 * 1024) }),
      );
      const error = assertError(res, 413, 'PAYLOAD_TOO_LARGE');
      assert.match(error.message, /32 MiB/);
      assert.match(error.fix ?? '', /HOOKPATH_MAX_REQUEST_BYTES/);
    });
  });

  describe('validation', () => {
    it('names every issue by path: 400 INVALID_REQUEST', async () => {
      const flows = [
        INCIDENT,
        INCIDENT,
        INCIDENT,
        { ...INCIDENT, src: '10.0.0.300' },
        { from: 'x', src: '1.1.1.1', dst: '2.2.2.2', proto: 'icmp', dport: 80 },
      ];
      const res = await postJob(t.baseUrl, t.writeToken, 'trace-batches', { snapshotId, flows, colour: 'red' });
      const error = assertError(res, 400, 'INVALID_REQUEST');
      assert.match(error.message, /body\.flows\.3\.src: expected an IPv4 address/);
      assert.match(error.message, /body\.flows\.4\.proto: sport and dport apply to tcp and udp/);
      assert.match(error.message, /colour/);
      assert.match(error.fix ?? '', /generators/);
    });

    it('a trace without a snapshot id, a batch without flows, a same-as-base outside diffs', async () => {
      assert.match(assertError(await trace({ ...INCIDENT }), 400, 'INVALID_REQUEST').message, /body\.snapshotId/);
      assert.match(
        assertError(await postJob(t.baseUrl, t.writeToken, 'trace-batches', { snapshotId }), 400, 'INVALID_REQUEST').message,
        /give flows, generators or both/,
      );
      assert.match(
        assertError(
          await postJob(t.baseUrl, t.writeToken, 'trace-batches', { snapshotId, flows: [INCIDENT], expect: 'same-as-base' }),
          400,
          'INVALID_REQUEST',
        ).message,
        /same-as-base/,
      );
    });

    it('not JSON: 400 INVALID_JSON; another content type: 415; a bad query: 400', async () => {
      assertError(await trace('{"snapshotId": '), 400, 'INVALID_JSON');
      const text = await writer.postRaw('/api/v1/traces', 'snapshotId=x', 'text/plain');
      assertError(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
      assert.match(
        assertError(await trace({ snapshotId, ...INCIDENT }, { query: 'wait=61' }), 400, 'INVALID_REQUEST').message,
        /query\.wait: at most 60 seconds/,
      );
    });

    it('an unknown snapshot: 404 SNAPSHOT_NOT_FOUND naming the field; nothing is stored', async () => {
      const before = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM "Job"');
      const missing = '2f1d1a6e-0000-4000-8000-000000000000';
      assert.match(assertError(await trace({ snapshotId: missing, ...INCIDENT }), 404, 'SNAPSHOT_NOT_FOUND').message, /body\.snapshotId/);
      const diff = await postJob(t.baseUrl, t.writeToken, 'diffs', { baseSnapshotId: snapshotId, targetSnapshotId: missing });
      assert.match(assertError(diff, 404, 'SNAPSHOT_NOT_FOUND').message, /body\.targetSnapshotId/);
      assert.deepEqual(await t.db.query('SELECT count(*) AS n FROM "Job"'), before);
    });

    it('a read token cannot submit or cancel: 403', async () => {
      assertError(await postJob(t.baseUrl, t.readToken, 'traces', { snapshotId, ...INCIDENT }), 403, 'INSUFFICIENT_SCOPE');
      assertError(await reader.delete('/api/v1/jobs/00000000-0000-4000-8000-000000000000'), 403, 'INSUFFICIENT_SCOPE');
    });
  });

  describe('idempotency', () => {
    it('the same key and body return the same job; the entry is not queued twice', async () => {
      const key = `ci-${Date.now()}-a`;
      const first = await trace({ snapshotId, ...INCIDENT, label: 'idem' }, { idempotencyKey: key });
      assert.equal(first.status, 202, first.text);
      // Same request, keys in another order: the same job.
      const { icmpId, ...rest } = INCIDENT;
      const again = await trace({ icmpId, label: 'idem', ...rest, snapshotId }, { idempotencyKey: key });
      assert.equal(again.status, 202, again.text);
      assert.equal(again.body.id, first.body.id);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(again.headers.get('location'), `/api/v1/traces/${first.body.id}`);
      const rows = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM "Job" WHERE "idempotencyKey" = $1', [key]);
      assert.equal(Number(rows[0]?.n), 1);
      assert.equal((await queue.getJobs(['waiting'])).filter((j) => j.data.jobId === first.body.id).length, 1);
    });

    it('the same key with another body: 422 IDEMPOTENCY_KEY_REUSED naming the job', async () => {
      const key = `ci-${Date.now()}-b`;
      const first = await trace({ snapshotId, ...INCIDENT }, { idempotencyKey: key });
      const other = await trace({ snapshotId, ...INCIDENT, icmpId: 2 }, { idempotencyKey: key });
      assert.match(assertError(other, 422, 'IDEMPOTENCY_KEY_REUSED').message, new RegExp(first.body.id));
      const diff = await postJob(
        t.baseUrl,
        t.writeToken,
        'diffs',
        { baseSnapshotId: snapshotId, targetSnapshotId: snapshotId },
        { idempotencyKey: key },
      );
      assertError(diff, 422, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('a key with spaces is refused', async () => {
      assertError(await trace({ snapshotId, ...INCIDENT }, { idempotencyKey: 'has spaces' }), 400, 'INVALID_REQUEST');
    });
  });

  describe('reading, waiting and cancelling', () => {
    it('GET by resource and by /jobs; another resource or an unknown id is 404 JOB_NOT_FOUND', async () => {
      const { body: job } = await trace({ snapshotId, ...INCIDENT, icmpId: 7 });
      const byResource = await reader.get<JobDto>(`/api/v1/traces/${job.id}`);
      assert.equal(byResource.status, 200);
      assert.deepEqual(byResource.body, job);
      assert.deepEqual((await reader.get<JobDto>(`/api/v1/jobs/${job.id}`)).body, job);
      assertError(await reader.get(`/api/v1/diffs/${job.id}`), 404, 'JOB_NOT_FOUND');
      assertError(await reader.get(`/api/v1/trace-batches/${job.id}/flows`), 404, 'JOB_NOT_FOUND');
      assertError(await reader.get('/api/v1/jobs/not-a-job'), 404, 'JOB_NOT_FOUND');
    });

    it('GET /api/v1/jobs lists newest first with cursor pagination and a kind filter', async () => {
      const page1 = await reader.get<JobList>('/api/v1/jobs?first=2');
      assert.equal(page1.status, 200, page1.text);
      assert.equal(page1.body.items.length, 2);
      assert.equal(page1.body.pageInfo.hasNextPage, true);
      const page2 = await reader.get<JobList>(`/api/v1/jobs?first=2&after=${page1.body.pageInfo.endCursor}`);
      assert.equal(page2.body.items.length, 2);
      const all = [...page1.body.items, ...page2.body.items];
      assert.equal(new Set(all.map((j) => j.id)).size, 4);
      for (let i = 1; i < all.length; i++) assert.ok((all[i - 1]?.createdAt ?? '') >= (all[i]?.createdAt ?? ''));
      const diffs = await reader.get<JobList>('/api/v1/jobs?kind=diff');
      assert.ok(diffs.body.items.length >= 1);
      assert.ok(diffs.body.items.every((j) => j.kind === 'diff'));
      assertError(await reader.get('/api/v1/jobs?after=bogus'), 400, 'INVALID_CURSOR');
      assertError(await reader.get('/api/v1/jobs?kind=nope'), 400, 'INVALID_REQUEST');
    });

    it('?wait=1 on a job no worker takes answers after about a second with the job as it is', async () => {
      const { body: job } = await trace({ snapshotId, ...INCIDENT, icmpId: 8 });
      const started = performance.now();
      const res = await reader.get<JobDto>(`/api/v1/traces/${job.id}?wait=1`);
      const ms = performance.now() - started;
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'queued');
      assert.ok(ms >= 900 && ms < 3000, `${ms} ms`);
      const post = await trace({ snapshotId, ...INCIDENT, icmpId: 9 }, { query: 'wait=1' });
      assert.equal(post.status, 202, 'still queued after the wait');
    });

    it('a long poll ends when the job ends (the worker writes Postgres, then publishes the event)', async () => {
      const { body: job } = await trace({ snapshotId, ...INCIDENT, icmpId: 10 });
      const publisher = new Redis(REDIS_URL);
      try {
        const started = performance.now();
        const waiting = reader.get<JobDto>(`/api/v1/jobs/${job.id}?wait=30`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await t.db.query(
          `UPDATE "Job" SET status = 'completed', "progressDone" = 1, "progressTotal" = 1, result = '{"disposition":"EXITED"}', "startedAt" = now(), "finishedAt" = now() WHERE id = $1`,
          [job.id],
        );
        await publisher.publish(jobEventsChannel(t.queuePrefix), JSON.stringify({ id: job.id, status: 'completed', done: 1, total: 1 }));
        const res = await waiting;
        assert.equal(res.body.status, 'completed');
        assert.deepEqual(res.body.result, { disposition: 'EXITED' });
        assert.deepEqual(res.body.progress, { done: 1, total: 1 });
        assert.ok(performance.now() - started < 3000);
      } finally {
        publisher.disconnect();
      }
    });

    it('one subscriber wakes the waiters of a job on its event, not on another job’s', async () => {
      const events = t.app.get(JobEvents);
      const publisher = new Redis(REDIS_URL);
      try {
        const started = performance.now();
        let otherWoke = false;
        const other = events.next('other-job', 5_000).then(() => (otherWoke = true));
        const waiting = events.next('job-a', 5_000);
        assert.equal(events.waiting, 2);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await publisher.publish(jobEventsChannel(t.queuePrefix), JSON.stringify({ id: 'job-a', status: 'running', done: 3, total: 10 }));
        await waiting;
        assert.ok(performance.now() - started < 2_000, 'woken by the event, not by the timeout');
        assert.equal(otherWoke, false);
        assert.equal(events.waiting, 1);
        await publisher.publish(
          jobEventsChannel(t.queuePrefix),
          JSON.stringify({ id: 'other-job', status: 'completed', done: 1, total: 1 }),
        );
        await other;
        assert.equal(events.waiting, 0);
      } finally {
        publisher.disconnect();
      }
    });

    it('DELETE cancels a queued job and takes it off the queue; again: 200 with the same job', async () => {
      const { body: job } = await postJob(t.baseUrl, t.writeToken, 'trace-batches', {
        snapshotId,
        generators: [{ name: 'pods-to-services' }],
      });
      assert.ok(await queue.getJob(bullJobId.traceBatch(job.id)));
      const cancelled = await writer.delete<JobDto>(`/api/v1/trace-batches/${job.id}`);
      assert.equal(cancelled.status, 200, cancelled.text);
      assert.equal(cancelled.body.status, 'cancelled');
      assert.ok(cancelled.body.finishedAt);
      assert.equal(await queue.getJob(bullJobId.traceBatch(job.id)), undefined);
      const again = await writer.delete<JobDto>(`/api/v1/jobs/${job.id}`);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, cancelled.body);
      assertError(await writer.delete(`/api/v1/traces/${job.id}`), 404, 'JOB_NOT_FOUND');
      const waited = await reader.get<JobDto>(`/api/v1/trace-batches/${job.id}?wait=5`);
      assert.equal(waited.body.status, 'cancelled', 'a final job answers at once');
    });

    it('?format=junit: a queued job is one skipped testcase, a cancelled one too; a completed trace compares its expectation', async () => {
      const { body: job } = await trace({ snapshotId, ...INCIDENT, icmpId: 11, expect: 'DELIVERED' });
      const queued = await reader.get(`/api/v1/traces/${job.id}?format=junit`);
      assert.equal(queued.status, 200);
      assert.match(queued.headers.get('content-type') ?? '', /application\/xml/);
      assert.match(queued.text, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
      assert.match(queued.text, /<testsuite name="hookpath trace [^"]+" tests="1" failures="0" errors="0" skipped="1"/);
      assert.match(queued.text, /the job is queued/);
      // As the worker stores it: the result and its verdict on the expectation.
      await t.db.query(
        `UPDATE "Job" SET status = 'completed', result = '{"disposition":"EXITED","dropReason":null}', "expectFailed" = 1, "startedAt" = now(), "finishedAt" = now() WHERE id = $1`,
        [job.id],
      );
      const done = await reader.get(`/api/v1/jobs/${job.id}?format=junit`);
      assert.match(done.text, /tests="1" failures="1"/);
      assert.match(done.text, /<failure message="expected DELIVERED, got EXITED"/);
    });

    it("a batch's flows page in order, with failed=true keeping the failed ones", async () => {
      const { body: job } = await postJob(t.baseUrl, t.writeToken, 'trace-batches', {
        snapshotId,
        flows: [INCIDENT, INCIDENT, INCIDENT],
        expect: 'DELIVERED',
      });
      for (const [index, passed] of [
        [0, true],
        [1, false],
        [2, false],
      ] as const) {
        await t.db.query(
          `INSERT INTO "JobFlowResult" ("jobId", index, request, outcome, expect, passed, worker) VALUES ($1, $2, $3, $4, 'DELIVERED', $5, 'test')`,
          [
            job.id,
            index,
            JSON.stringify(INCIDENT),
            JSON.stringify({ disposition: passed ? 'DELIVERED' : 'DROPPED', dropReason: passed ? null : 'NO_ROUTE' }),
            passed,
          ],
        );
      }
      const page = await reader.get<{ items: { index: number; passed: boolean }[]; pageInfo: JobList['pageInfo'] }>(
        `/api/v1/trace-batches/${job.id}/flows?first=2`,
      );
      assert.equal(page.status, 200, page.text);
      assert.deepEqual(
        page.body.items.map((f) => f.index),
        [0, 1],
      );
      assert.equal(page.body.pageInfo.hasNextPage, true);
      const rest = await reader.get<{ items: { index: number }[] }>(
        `/api/v1/trace-batches/${job.id}/flows?after=${page.body.pageInfo.endCursor}`,
      );
      assert.deepEqual(
        rest.body.items.map((f) => f.index),
        [2],
      );
      const failed = await reader.get<{ items: { index: number }[] }>(`/api/v1/trace-batches/${job.id}/flows?failed=true`);
      assert.deepEqual(
        failed.body.items.map((f) => f.index),
        [1, 2],
      );
      await t.db.query(`UPDATE "Job" SET status = 'completed', "startedAt" = now(), "finishedAt" = now() WHERE id = $1`, [job.id]);
      const junit = await reader.get(`/api/v1/trace-batches/${job.id}?format=junit`);
      assert.match(junit.text, /tests="3" failures="2" errors="0" skipped="0"/);
      assert.match(junit.text, /expected DELIVERED, got DROPPED \(NO_ROUTE\)/);
    });

    it('the OpenAPI document describes the job routes', async () => {
      const res = await new ApiClient(t.baseUrl).get<{ paths: Record<string, Record<string, unknown>> }>('/api/docs-json');
      for (const path of [
        '/api/v1/traces',
        '/api/v1/trace-batches',
        '/api/v1/diffs',
        '/api/v1/jobs',
        '/api/v1/jobs/{id}',
        '/api/v1/trace-batches/{id}/flows',
      ]) {
        assert.ok(res.body.paths[path], path);
      }
      assert.ok(res.body.paths['/api/v1/traces']?.['post']);
      assert.ok(res.body.paths['/api/v1/traces/{id}']?.['delete']);
    });
  });

  describe('GraphQL', () => {
    async function gql<T>(
      token: string,
      query: string,
      variables: Record<string, unknown> = {},
    ): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
      const res = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    }

    it('submitTrace, job, jobs and cancelJob', async () => {
      const submitted = await gql<{ submitTrace: { id: string; kind: string; status: string; request: Record<string, unknown> } }>(
        t.writeToken,
        'mutation($input: TraceInput!) { submitTrace(input: $input, idempotencyKey: "gql-1") { id kind status request } }',
        {
          input: {
            snapshotId,
            from: INCIDENT.from,
            src: INCIDENT.src,
            dst: INCIDENT.dst,
            proto: 'ICMP',
            icmpId: 27281,
            roundTrip: true,
            expect: 'EXITED',
          },
        },
      );
      assert.equal(submitted.errors, undefined, JSON.stringify(submitted.errors));
      const job = submitted.data?.submitTrace;
      assert.ok(job);
      assert.equal(job.kind, 'TRACE');
      assert.equal(job.status, 'QUEUED');
      assert.deepEqual(job.request, { snapshotId, ...INCIDENT, expect: 'EXITED' });
      assert.ok(await queue.getJob(bullJobId.trace(job.id)));

      const read = await gql<{ job: { id: string; status: string; progress: { done: number; total: number }; flows: null } }>(
        t.readToken,
        'query($id: ID!) { job(id: $id) { id status progress { done total } flows { edges { cursor } } } }',
        { id: job.id },
      );
      assert.deepEqual(read.data?.job, { id: job.id, status: 'QUEUED', progress: { done: 0, total: 0 }, flows: null });
      assert.equal((await gql<{ job: null }>(t.readToken, '{ job(id: "nope") { id } }')).data?.job, null);

      const list = await gql<{ jobs: { edges: { node: { kind: string } }[] } }>(
        t.readToken,
        '{ jobs(first: 5, kind: TRACE) { edges { node { kind } } } }',
      );
      assert.ok((list.data?.jobs.edges.length ?? 0) > 0);
      assert.ok(list.data?.jobs.edges.every((e) => e.node.kind === 'TRACE'));

      const denied = await gql(t.readToken, 'mutation($id: ID!) { cancelJob(id: $id) { status } }', { id: job.id });
      assert.equal(denied.errors?.[0]?.extensions?.code, 'INSUFFICIENT_SCOPE');
      const cancelled = await gql<{ cancelJob: { status: string } }>(t.writeToken, 'mutation($id: ID!) { cancelJob(id: $id) { status } }', {
        id: job.id,
      });
      assert.equal(cancelled.data?.cancelJob.status, 'CANCELLED');
      assert.equal(await queue.getJob(bullJobId.trace(job.id)), undefined);
    });

    it('invalid input is INVALID_REQUEST with the path under `input`', async () => {
      const res = await gql(t.writeToken, 'mutation($input: TraceBatchInput!) { submitTraceBatch(input: $input) { id } }', {
        input: {
          snapshotId,
          flows: [
            { from: 'a', src: '1.1.1.1', dst: '2.2.2.2' },
            { from: 'a', src: '1.1.1', dst: '2.2.2.2' },
          ],
        },
      });
      assert.equal(res.errors?.[0]?.extensions?.code, 'INVALID_REQUEST');
      assert.match(res.errors?.[0]?.message ?? '', /input\.flows\.1\.src: expected an IPv4 address/);
    });

    it('a batch job exposes its flows as a connection', async () => {
      const submitted = await gql<{ submitTraceBatch: { id: string } }>(
        t.writeToken,
        'mutation($input: TraceBatchInput!) { submitTraceBatch(input: $input) { id } }',
        { input: { snapshotId, flows: [{ from: INCIDENT.from, src: INCIDENT.src, dst: INCIDENT.dst }], expect: 'DELIVERED' } },
      );
      const id = submitted.data?.submitTraceBatch.id;
      assert.ok(id, JSON.stringify(submitted.errors));
      await t.db.query(
        `INSERT INTO "JobFlowResult" ("jobId", index, request, outcome, expect, passed, worker) VALUES ($1, 0, '{}', '{"disposition":"DROPPED"}', 'DELIVERED', false, 'test')`,
        [id],
      );
      const res = await gql<{ job: { flows: { edges: { node: { index: number; passed: boolean; outcome: unknown } }[] } } }>(
        t.readToken,
        'query($id: ID!) { job(id: $id) { flows(first: 10, failedOnly: true) { edges { node { index passed outcome } } } } }',
        { id },
      );
      assert.deepEqual(
        res.data?.job.flows.edges.map((e) => e.node),
        [{ index: 0, passed: false, outcome: { disposition: 'DROPPED' } }],
      );
    });
  });
});

describe('jobs while Redis is away', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let snapshotId: string;

  before(async () => {
    const target = new URL(REDIS_URL);
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    await proxy.start();
    t = await startTestApp({ redisUrl: `redis://127.0.0.1:${proxy.port}` });
    const res = await new ApiClient(t.baseUrl, t.writeToken).postJson<SnapshotCreatedDto>('/api/v1/snapshots', {
      files: await readFolder(join(EXAMPLES_DIR, '000-vpc-nat-gw-eip')),
    });
    snapshotId = res.body.id;
  });

  after(async () => {
    await t.close();
    await proxy.stop();
  });

  it('POST answers 503 DEPENDENCY_UNAVAILABLE at once and stores nothing; GET works; the API recovers when Redis returns', async () => {
    const queued = await postJob(t.baseUrl, t.writeToken, 'traces', { snapshotId, ...INCIDENT });
    assert.equal(queued.status, 202, queued.text);
    await proxy.stop();

    const started = performance.now();
    const down = await postJob(t.baseUrl, t.writeToken, 'traces', { snapshotId, ...INCIDENT, icmpId: 3 });
    const ms = performance.now() - started;
    const error = assertError(down, 503, 'DEPENDENCY_UNAVAILABLE');
    assert.match(error.message, /the job queue \(Redis at 127\.0\.0\.1:\d+\) is unavailable.*the job was not created, retry later/);
    assert.ok(ms < 2_500, `${ms} ms`);
    const rows = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM "Job"');
    assert.equal(Number(rows[0]?.n), 1, 'the refused job left no row');

    const reader = new ApiClient(t.baseUrl, t.readToken);
    assert.equal((await reader.get<JobDto>(`/api/v1/traces/${queued.body.id}`)).body.status, 'queued');
    const waitStarted = performance.now();
    const waited = await reader.get<JobDto>(`/api/v1/traces/${queued.body.id}?wait=1`);
    assert.equal(waited.status, 200);
    assert.ok(performance.now() - waitStarted < 2_500, 'the long poll falls back to Postgres');
    const cancelled = await new ApiClient(t.baseUrl, t.writeToken).delete<JobDto>(`/api/v1/jobs/${queued.body.id}`);
    assert.equal(cancelled.body.status, 'cancelled', 'cancelling needs only Postgres');

    await proxy.start();
    let status = 0;
    const deadline = Date.now() + 15_000;
    while (status !== 202 && Date.now() < deadline) {
      status = (await postJob(t.baseUrl, t.writeToken, 'traces', { snapshotId, ...INCIDENT, icmpId: 4 })).status;
      if (status !== 202) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(status, 202, 'accepted again once Redis is back');
  });

  it('a closed Redis port from the start: 503, and the app still serves reads', async () => {
    const closed = await startTestApp({ redisUrl: 'redis://127.0.0.1:1', database: t.db });
    try {
      const res = await postJob(closed.baseUrl, closed.writeToken, 'diffs', { baseSnapshotId: snapshotId, targetSnapshotId: snapshotId });
      assertError(res, 503, 'DEPENDENCY_UNAVAILABLE');
      const list = await new ApiClient(closed.baseUrl, closed.readToken).get<JobList>('/api/v1/jobs');
      assert.equal(list.status, 200);
      assert.ok(list.body.items.every((j) => j.kind === 'trace'));
    } finally {
      await closed.close();
    }
  });
});
