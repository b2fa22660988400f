import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiClient,
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
const PING = { from: 'vm-13-13-0-4', src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', icmpId: 1 } as const;
const METRICS_TOKEN = 'scrape-me-0123456789abcdef';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1] ?? ''] = pair[2] ?? '';
    out.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return out;
}

function sample(all: Sample[], name: string, labels: Record<string, string>): number | undefined {
  return all.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

describe('operability: /metrics of the API and the worker, the queue dashboard', () => {
  let t: TestApp;
  let api: ApiClient;
  let worker: WorkerProcess;
  let workerMetricsUrl: string;

  before(async () => {
    t = await startTestApp({ metricsToken: METRICS_TOKEN });
    api = new ApiClient(t.baseUrl, t.writeToken);
    worker = WorkerProcess.spawn({
      databaseUrl: t.db.url,
      redisUrl: REDIS_URL,
      queuePrefix: t.queuePrefix,
      name: 'w-metrics',
      env: { HOOKPATH_WORKER_METRICS_PORT: '0', HOOKPATH_METRICS_TOKEN: METRICS_TOKEN },
    });
    await worker.ready();
    const line = worker.lines.find((l) => l.includes('"worker metrics listening"'));
    assert.ok(line, worker.lines.join('\n'));
    workerMetricsUrl = (JSON.parse(line) as { url: string }).url;
  });

  after(async () => {
    await worker?.stop();
    await t?.close();
  });

  async function scrape(url: string): Promise<Sample[]> {
    const res = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain;.*version=0\.0\.4/);
    return samples(await res.text());
  }

  it('after a trace job: the API counts the submission, the request and the queue depth; the worker the job, its duration, the trace, the compile, the rules compiled and the cache', async () => {
    const snapshotId = await uploadExample(api, SEED000);
    const { location } = await submitJob(api, '/api/v1/traces', { snapshotId, ...PING });
    assert.equal((await waitForJob(api, location)).status, 'completed');
    const rulesCompiled = sample(await scrape(workerMetricsUrl), 'hookpath_iptables_rules_compiled_total', {}) ?? 0;
    // The same snapshot again: the compiled model comes from the worker's cache, and the same packet's
    // path compiles no rule again.
    const again = await submitJob(api, '/api/v1/traces', { snapshotId, ...PING, icmpId: 2 });
    assert.equal((await waitForJob(api, again.location)).status, 'completed');

    const fromApi = await scrape(`${t.baseUrl}/metrics`);
    assert.equal(sample(fromApi, 'hookpath_jobs_submitted_total', { kind: 'trace' }), 2);
    for (const state of ['waiting', 'active', 'delayed']) {
      assert.equal(sample(fromApi, 'hookpath_queue_jobs', { queue: 'simulation', state }), 0, state);
    }
    assert.equal(sample(fromApi, 'hookpath_http_requests_total', { method: 'POST', route: '/api/v1/traces', status: '202' }), 2);
    assert.equal(
      sample(fromApi, 'hookpath_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/traces', status: '202' }),
      2,
    );
    assert.ok(!fromApi.some((s) => s.labels.route?.includes(snapshotId)), 'routes are patterns, not paths');

    const fromWorker = await scrape(workerMetricsUrl);
    const done = { kind: 'trace', outcome: 'completed' };
    assert.equal(sample(fromWorker, 'hookpath_jobs_processed_total', done), 2);
    assert.equal(sample(fromWorker, 'hookpath_job_duration_seconds_count', done), 2);
    assert.equal(sample(fromWorker, 'hookpath_job_duration_seconds_bucket', { ...done, le: '+Inf' }), 2);
    assert.ok((sample(fromWorker, 'hookpath_job_duration_seconds_sum', done) ?? 0) > 0);
    assert.equal(sample(fromWorker, 'hookpath_jobs_processed_total', { kind: 'trace', outcome: 'failed' }), undefined);
    assert.equal(sample(fromWorker, 'hookpath_trace_duration_seconds_count', {}), 2);
    assert.equal(sample(fromWorker, 'hookpath_snapshot_compile_duration_seconds_count', {}), 1);
    assert.equal(sample(fromWorker, 'hookpath_snapshot_cache_lookups_total', { result: 'miss' }), 1);
    assert.equal(sample(fromWorker, 'hookpath_snapshot_cache_lookups_total', { result: 'hit' }), 1);
    assert.ok(rulesCompiled > 0, 'the first trace compiled the rules on its path');
    assert.equal(sample(fromWorker, 'hookpath_iptables_rules_compiled_total', {}), rulesCompiled);
    assert.ok((sample(fromWorker, 'hookpath_iptables_chain_indexes_built_total', {}) ?? -1) >= 0);
  });

  it('with HOOKPATH_METRICS_TOKEN, /metrics refuses a request without it (an API token does not open it)', async () => {
    assert.equal((await fetch(`${t.baseUrl}/metrics`)).status, 401);
    assert.equal((await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${t.writeToken}` } })).status, 401);
    assert.equal((await fetch(workerMetricsUrl)).status, 401);
  });

  it('the queue dashboard: refused without a token or with a read token; its API lists the simulation queue for a write token', async () => {
    const anonymous = (await new ApiClient(t.baseUrl).get('/admin/queues/api/queues')) as ErrorResult;
    assert.equal(anonymous.status, 401, anonymous.text);
    assert.equal(anonymous.body.error.code, 'UNAUTHENTICATED');
    const page = await fetch(`${t.baseUrl}/admin/queues/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/admin/queues/login');
    const reader = (await new ApiClient(t.baseUrl, t.readToken).get('/admin/queues/api/queues')) as ErrorResult;
    assert.equal(reader.status, 403, reader.text);
    assert.equal(reader.body.error.code, 'INSUFFICIENT_SCOPE');

    const admin = await new ApiClient(t.baseUrl, t.writeToken).get<{ queues: { name: string }[] }>('/admin/queues/api/queues');
    assert.equal(admin.status, 200, admin.text);
    assert.deepEqual(
      admin.body.queues.map((q) => q.name),
      ['simulation'],
    );
    const csp = admin.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('signing in keeps the token in an HttpOnly cookie for the board only; the board page loads with it', async () => {
    const login = await fetch(`${t.baseUrl}/admin/queues/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: t.writeToken }).toString(),
      redirect: 'manual',
    });
    assert.equal(login.status, 303);
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^hookpath_board=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict/);
    const page = await fetch(`${t.baseUrl}/admin/queues/`, { headers: { accept: 'text/html', cookie: cookie.split(';')[0] ?? '' } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /__UI_CONFIG__/);
    const refused = await fetch(`${t.baseUrl}/admin/queues/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: t.readToken }).toString(),
      redirect: 'manual',
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('set-cookie'), null);
  });
});
