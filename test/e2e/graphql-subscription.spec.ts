import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JobDto } from '@hookpath/contracts';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import { WebSocket } from 'ws';
import { ApiClient, REDIS_URL, startTestApp, submitJob, uploadExample, WorkerProcess, type TestApp } from '../support';

const SEED000 = '000-vpc-nat-gw-eip';
const FLOWS = 2_000;
const SUBSCRIPTION = 'subscription ($id: ID!) { jobProgress(id: $id) { id status progress { done total } } }';

interface ProgressMessage {
  id: string;
  status: string;
  progress: { done: number; total: number };
}

/** New pings from the VM behind the NAT gateway, one ICMP id each (none matches the stale conntrack entry). */
function pings(count: number): { from: string; src: string; dst: string; proto: 'icmp'; icmpId: number }[] {
  return Array.from({ length: count }, (_, i) => ({
    from: 'vm-13-13-0-4',
    src: '13.13.0.4',
    dst: '192.169.100.1',
    proto: 'icmp',
    icmpId: 1 + i,
  }));
}

function wsClient(t: TestApp, connectionParams: Record<string, unknown> | undefined): Client {
  return createClient({
    url: `${t.baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

/** One subscription: its messages as they come, the first of them, and how it ended. */
interface Subscription {
  messages: FormattedExecutionResult<{ jobProgress: ProgressMessage }, unknown>[];
  first: Promise<void>;
  /** Resolves when the server completes the subscription; rejects with what `error` received. */
  ended: Promise<void>;
}

function subscribe(client: Client, id: string, query = SUBSCRIPTION): Subscription {
  const messages: Subscription['messages'] = [];
  let firstArrived: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (firstArrived = resolve));
  const ended = new Promise<void>((resolve, reject) => {
    client.subscribe<{ jobProgress: ProgressMessage }>(
      { query, variables: { id } },
      {
        next: (message) => {
          messages.push(message);
          firstArrived();
        },
        error: (error: unknown) =>
          reject(error instanceof Error ? error : Object.assign(new Error('subscription error'), { cause: error })),
        complete: resolve,
      },
    );
  });
  // A subscription that ends at once has a first message only if `next` came before the end.
  return { messages, first: Promise.race([first, ended.catch(() => undefined)]), ended };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The `cause` of a rejected subscription: the CloseEvent of a refused socket, or the errors of an `error` message. */
async function failure(subscription: Subscription): Promise<unknown> {
  const error = await within(
    subscription.ended.then(
      () => assert.fail('the subscription completed'),
      (e: unknown) => e,
    ),
    10_000,
    'refusal',
  );
  return (error as { cause?: unknown }).cause;
}

function progressOf(subscription: Subscription): ProgressMessage[] {
  return subscription.messages.map((message) => {
    assert.equal(message.errors, undefined, JSON.stringify(message.errors));
    assert.ok(message.data?.jobProgress !== undefined);
    return message.data.jobProgress;
  });
}

/** done never goes back, one job throughout, and the last message is the completed batch. */
function assertProgression(updates: ProgressMessage[], jobId: string): void {
  assert.ok(updates.every((u) => u.id === jobId));
  updates
    .slice(1)
    .forEach((u, i) => assert.ok(u.progress.done >= (updates[i]?.progress.done ?? 0), `done went back: ${JSON.stringify(updates)}`));
  const last = updates.at(-1);
  assert.equal(last?.status, 'COMPLETED', JSON.stringify(updates));
  assert.deepEqual(last?.progress, { done: FLOWS, total: FLOWS });
  assert.equal(updates.filter((u) => u.status === 'COMPLETED').length, 1, 'nothing after the final status');
}

describe('GraphQL subscription jobProgress over graphql-ws', () => {
  let t: TestApp;
  /** A second API on the same database whose Redis is unreachable: it can only poll Postgres. */
  let offline: TestApp;
  let api: ApiClient;
  let seed000: string;
  let worker: WorkerProcess | undefined;
  const clients: Client[] = [];

  const client = (app: TestApp, params: Record<string, unknown> | undefined): Client => {
    const c = wsClient(app, params);
    clients.push(c);
    return c;
  };

  before(async () => {
    t = await startTestApp();
    offline = await startTestApp({ database: t.db, redisUrl: 'redis://127.0.0.1:1', queuePrefix: t.queuePrefix });
    api = new ApiClient(t.baseUrl, t.writeToken);
    seed000 = await uploadExample(api, SEED000);
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await worker?.stop();
    await offline?.close();
    await t?.close();
  });

  it('a batch of 2,000 flows: the stored state at once, then rising progress, COMPLETED with done == total, then complete', async () => {
    // No worker yet: the job stays queued while both subscriptions take their first reading.
    const { job } = await submitJob(api, '/api/v1/trace-batches', { snapshotId: seed000, flows: pings(FLOWS), expect: 'DELIVERED' });
    const live = subscribe(client(t, { authorization: `Bearer ${t.readToken}` }), job.id);
    const polled = subscribe(client(offline, { token: offline.readToken }), job.id);
    await within(Promise.all([live.first, polled.first]), 10_000, 'first message');

    const stored = (await api.get<JobDto>(`/api/v1/jobs/${job.id}`)).body;
    assert.equal(stored.status, 'queued');
    for (const subscription of [live, polled]) {
      assert.deepEqual(progressOf(subscription)[0], { id: job.id, status: 'QUEUED', progress: stored.progress });
    }

    worker = WorkerProcess.spawn({ databaseUrl: t.db.url, redisUrl: REDIS_URL, queuePrefix: t.queuePrefix, name: 'w-sub', chunkSize: 200 });
    await worker.ready();
    await within(Promise.all([live.ended, polled.ended]), 60_000, 'completion');

    const updates = progressOf(live);
    assertProgression(updates, job.id);
    // The worker's events arrive as they happen: some show the batch part done.
    assert.ok(
      updates.some((u) => u.status === 'RUNNING' && u.progress.done > 0 && u.progress.done < FLOWS),
      `no intermediate progress among ${JSON.stringify(updates)}`,
    );
    // Without Redis the same subscription still ends, from re-reading Postgres.
    assertProgression(progressOf(polled), job.id);
    const final = (await api.get<JobDto>(`/api/v1/jobs/${job.id}`)).body;
    assert.equal(final.status, 'completed');
    assert.deepEqual(final.progress, { done: FLOWS, total: FLOWS });
  });

  it('a job that has already ended: one message with its final state, then complete', async () => {
    const jobs = await api.get<{ items: JobDto[] }>('/api/v1/jobs');
    const ended = jobs.body.items.find((j) => j.status === 'completed');
    assert.ok(ended !== undefined, JSON.stringify(jobs.body));
    const subscription = subscribe(client(t, { token: t.writeToken }), ended.id);
    await within(subscription.ended, 10_000, 'completion');
    assert.deepEqual(progressOf(subscription), [{ id: ended.id, status: 'COMPLETED', progress: ended.progress }]);
  });

  it('connection_init without a valid token: the socket is closed with 4403 Forbidden', async () => {
    for (const params of [
      undefined,
      { authorization: 'Bearer hpt_not-a-token' },
      { token: 'hpt_not-a-token' },
      { authorization: t.readToken },
    ]) {
      const cause = await failure(subscribe(client(t, params), '00000000-0000-0000-0000-000000000000'));
      assert.equal((cause as { code?: unknown }).code, 4403, `${JSON.stringify(params)}: ${String(cause)}`);
    }
  });

  it('an unknown job id is the GraphQL error JOB_NOT_FOUND, then the subscription completes', async () => {
    const subscription = subscribe(client(t, { authorization: `Bearer ${t.readToken}` }), '00000000-0000-0000-0000-000000000000');
    await within(subscription.ended, 10_000, 'completion');
    // graphql-ws sends an execution error as a `next` carrying `errors` (no data), then `complete`.
    assert.equal(subscription.messages.length, 1, JSON.stringify(subscription.messages));
    const [message] = subscription.messages;
    assert.equal(message?.data ?? null, null);
    assert.equal(message?.errors?.[0]?.extensions?.['code'], 'JOB_NOT_FOUND', JSON.stringify(message));
    assert.match(message?.errors?.[0]?.message ?? '', /00000000-0000-0000-0000-000000000000/);
  });

  it('the query limits hold on the socket too: over GRAPHQL_MAX_COST is QUERY_TOO_COMPLEX and nothing runs; under it the subscription runs', async () => {
    // GraphqlApiModule reads its limits from the environment when the app is built.
    process.env['GRAPHQL_MAX_COST'] = '4';
    let strict: TestApp;
    try {
      strict = await startTestApp({ database: t.db, queuePrefix: t.queuePrefix });
    } finally {
      delete process.env['GRAPHQL_MAX_COST'];
    }
    try {
      const params = { authorization: `Bearer ${strict.readToken}` };
      const unknown = '00000000-0000-0000-0000-000000000000';
      // jobProgress, id, status, progress, done, total: cost 6.
      const cause = await failure(subscribe(client(strict, params), unknown));
      assert.ok(Array.isArray(cause), String(cause));
      const [error] = cause as { extensions?: Record<string, unknown> }[];
      assert.deepEqual(error?.extensions, { code: 'QUERY_TOO_COMPLEX', cost: 6, limit: 4, http: { status: 400 } });
      // Cost 2: it runs, and the resolver answers.
      const cheap = subscribe(client(strict, params), unknown, 'subscription ($id: ID!) { jobProgress(id: $id) { status } }');
      await within(cheap.ended, 10_000, 'completion');
      assert.equal(cheap.messages[0]?.errors?.[0]?.extensions?.['code'], 'JOB_NOT_FOUND', JSON.stringify(cheap.messages));
    } finally {
      await strict.close();
    }
  });
});
