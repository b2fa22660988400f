import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiErrorBody, CreatedReportDto, JobDto } from '@hookpath/contracts';
import { JobRepository, PrismaService } from '@hookpath/data-access';
import { parseReportDocument, type ReportDocument } from '@hookpath/report';
import {
  ApiClient,
  REDIS_URL,
  ROOT,
  startTestApp,
  submitJob,
  uploadExample,
  waitForJob,
  WorkerProcess,
  type HttpResult,
  type TestApp,
} from '../support';

const SEED004 = '004-eni-ipvs-rp-filter';
const INCIDENT = {
  from: 'pod-10-12-192-44',
  src: '10.12.192.44',
  dst: '10.12.115.101',
  proto: 'tcp',
  sport: 44624,
  dport: 80,
  backend: '10.253.4.194:8000',
  roundTrip: true,
} as const;
const DIRECT = {
  from: 'pod-10-12-192-44',
  src: '10.12.192.44',
  dst: '10.253.4.194',
  proto: 'tcp',
  sport: 44700,
  dport: 8000,
  roundTrip: true,
} as const;
const VERDICT = '✗ Not established: request DELIVERED at backend-10-253-4-194; reply DROPPED (RP_FILTER) at node-10-12-97-49:eth0';
const FIX = 'sysctl -w net.ipv4.conf.eth0.rp_filter=2';
const CAPTURED = '2022-06-22T16:03:15+08:00';
const COMMAND =
  'hookpath trace 004-eni-ipvs-rp-filter --from pod-10-12-192-44 --src 10.12.192.44 --dst 10.12.115.101 -p tcp --sport 44624 --dport 80 --backend 10.253.4.194:8000 --round-trip';
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

interface GraphqlResult<T> {
  data: T | null;
  errors: { message: string; extensions?: { code?: string } }[];
}

/** The page's text as a reader sees it. */
const visible = (html: string): string =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

const tokenOf = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

function assertError(result: HttpResult<unknown>, status: number, code: string): void {
  assert.equal(result.status, status, `expected ${status} ${code}, got ${result.status}: ${result.text}`);
  assert.equal((result.body as ApiErrorBody).error.code, code, result.text);
}

describe('shared reports (API, real worker, links without a token)', () => {
  let t: TestApp;
  let worker: WorkerProcess;
  let writer: ApiClient;
  let reader: ApiClient;
  let anonymous: ApiClient;
  let snapshotId: string;
  let jobId: string;
  let created: CreatedReportDto;
  let scratch: string;

  const gql = async <T>(query: string, variables: Record<string, unknown>, token: string): Promise<GraphqlResult<T>> => {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: GraphqlResult<T>['errors'] };
    return { data: body.data ?? null, errors: body.errors ?? [] };
  };
  const createReport = (id: string, body: unknown = {}, client = writer) =>
    client.postJson<CreatedReportDto>(`/api/v1/jobs/${id}/reports`, body);
  /** GET without any token. */
  const open = (path: string) => anonymous.get<unknown>(path);
  const unknownLink = () => open(`/r/${randomBytes(32).toString('base64url')}`);

  before(async () => {
    t = await startTestApp();
    writer = new ApiClient(t.baseUrl, t.writeToken);
    reader = new ApiClient(t.baseUrl, t.readToken);
    anonymous = new ApiClient(t.baseUrl);
    worker = WorkerProcess.spawn({ databaseUrl: t.db.url, redisUrl: REDIS_URL, queuePrefix: t.queuePrefix, name: 'w-reports' });
    await worker.ready();
    snapshotId = await uploadExample(writer, SEED004);
    const submitted = await submitJob(writer, '/api/v1/traces', { snapshotId, ...INCIDENT });
    const job = await waitForJob(writer, submitted.location);
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    jobId = job.id;
    scratch = mkdtempSync(join(tmpdir(), 'hookpath-reports-'));
  });

  after(async () => {
    await worker?.stop();
    await t?.close();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it('POST /api/v1/jobs/{id}/reports: 201 with the link (on the request origin) and an expiry 30 days away', async () => {
    const res = await createReport(jobId);
    assert.equal(res.status, 201, res.text);
    created = res.body;
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.match(created.url, new RegExp(`^${t.baseUrl.replace(/[.]/g, '\\.')}/r/[A-Za-z0-9_-]{43}$`));
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, String(days));
    const forwarded = await writer.postJson<CreatedReportDto>(
      `/api/v1/jobs/${jobId}/reports`,
      { title: 'behind a proxy' },
      { 'x-forwarded-proto': 'https' },
    );
    assert.equal(forwarded.status, 201, forwarded.text);
    assert.ok(forwarded.body.url.startsWith(`https://${t.baseUrl.slice('http://'.length)}/r/`), forwarded.body.url);
  });

  it('GET /r/<token> without a token: the report page, private and locked down', async () => {
    const res = await open(`/r/${tokenOf(created.url)}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-robots-tag'), 'noindex, nofollow');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('content-security-policy'), CSP);
    assert.equal(res.headers.get('content-disposition'), null);
    const html = res.text;
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?[^"'\s>]*(https?:|\/\/)/i);
    const token = tokenOf(created.url);
    assert.ok(
      html.includes(
        `<a href="./${token}.md" download>Markdown</a> · <a href="./${token}.html" download>HTML</a> · <a href="./${token}.json" download>JSON</a>`,
      ),
    );
    const text = visible(html);
    for (const expected of [VERDICT, 'rp_filter strict', FIX, `captured ${CAPTURED}`, COMMAND])
      assert.ok(text.includes(expected), expected);
    assert.match(html, /<title>netfilter hooks on node-10-12-97-49 \(reply\)<\/title>/);
  });

  it('the downloads: .md, .html and .json as attachments named after the report', async () => {
    const token = tokenOf(created.url);
    const md = await open(`/r/${token}.md`);
    assert.equal(md.status, 200, md.text);
    assert.equal(md.headers.get('content-type'), 'text/markdown; charset=utf-8');
    assert.equal(md.headers.get('content-disposition'), `attachment; filename="hookpath-report-${created.id}.md"`);
    assert.equal(md.headers.get('cache-control'), 'no-store');
    for (const expected of [`**${VERDICT}**`, 'rp_filter strict', FIX, `captured ${CAPTURED}`, COMMAND])
      assert.ok(md.text.includes(expected), expected);

    const html = await open(`/r/${token}.html`);
    assert.equal(html.headers.get('content-disposition'), `attachment; filename="hookpath-report-${created.id}.html"`);
    assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.doesNotMatch(html.text, /<nav|<script/);
    assert.ok(visible(html.text).includes(VERDICT));

    const json = await open(`/r/${token}.json`);
    assert.equal(json.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(json.headers.get('content-disposition'), `attachment; filename="hookpath-report-${created.id}.json"`);
    const doc = parseReportDocument(json.body);
    assert.deepEqual(
      [doc.schema, doc.id, doc.kind, doc.command, doc.snapshot.id, doc.snapshot.capturedAt],
      ['hookpath.report/v1', created.id, 'trace', COMMAND, snapshotId, CAPTURED],
    );
    assert.deepEqual(doc.question, { snapshotId, ...INCIDENT });
    assert.deepEqual([doc.trace?.reply?.disposition, doc.trace?.reply?.dropReason], ['DROPPED', 'RP_FILTER']);
    assert.deepEqual(
      [...new Set(doc.hookPaths.map((p) => p.host))],
      ['pod-10-12-192-44', 'node-10-12-97-49', 'vpc-router', 'backend-10-253-4-194'],
    );
    assert.deepEqual(
      doc.hookPaths
        .find((p) => p.host === 'node-10-12-97-49' && p.hook === 'POSTROUTING')
        ?.entries.map((e) => `${e.kind} ${e.table ?? ''} ${e.priority}`),
      ['table mangle -150', 'table nat 100', 'conntrack-confirm  2147483647'],
    );
    assert.ok(doc.snapshot.captured.hosts.some((h) => h.name === 'node-10-12-97-49' && h.files.includes('iptables-save.txt')));
  });

  it('hookpath report <downloaded .json> renders the same Markdown as the server', async () => {
    const token = tokenOf(created.url);
    const json = await open(`/r/${token}.json`);
    const md = await open(`/r/${token}.md`);
    const file = join(scratch, 'report.json');
    writeFileSync(file, json.text);
    const run = spawnSync(process.execPath, [join(ROOT, 'apps', 'cli', 'bin', 'hookpath.js'), 'report', file], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, md.text);
  });

  it('the token is stored only as its sha256', async () => {
    const token = tokenOf(created.url);
    const rows = await t.db.query<{ tokenHash: string; createdBy: string; kind: string }>(
      'SELECT "tokenHash", "createdBy", kind FROM "Report" WHERE id = $1',
      [created.id],
    );
    assert.deepEqual(rows[0], { tokenHash: createHash('sha256').update(token).digest('hex'), createdBy: 'e2e-write', kind: 'trace' });
    const dump = JSON.stringify(await t.db.query('SELECT * FROM "Report"'));
    assert.ok(!dump.includes(token));
  });

  it('GraphQL: createReport (the link shown once), reports (never the link), revokeReport', async () => {
    const made = await gql<{ createReport: { id: string; url: string; expiresAt: string } }>(
      'mutation($job: ID!) { createReport(jobId: $job, expiresInDays: 2, title: "RP filter <drop>") { id url expiresAt } }',
      { job: jobId },
      t.writeToken,
    );
    assert.deepEqual(made.errors, []);
    const report = made.data?.createReport;
    assert.ok(report !== undefined);
    const days = (Date.parse(report.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 1.9 && days <= 2, String(days));
    const page = await open(`/r/${tokenOf(report.url)}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('<h1>RP filter &lt;drop&gt;</h1>'));

    const listed = await gql<{
      reports: {
        edges: { node: { id: string; title: string; kind: string; jobId: string; createdBy: string; revokedAt: string | null } }[];
      };
    }>('{ reports(first: 10) { edges { node { id title kind jobId createdBy revokedAt } } } }', {}, t.readToken);
    assert.deepEqual(listed.errors, []);
    const node = listed.data?.reports.edges.find((e) => e.node.id === report.id)?.node;
    assert.deepEqual(node, { id: report.id, title: 'RP filter <drop>', kind: 'TRACE', jobId, createdBy: 'e2e-write', revokedAt: null });
    const noUrl = await gql('{ reports { edges { node { url } } } }', {}, t.readToken);
    assert.match(noUrl.errors[0]?.message ?? '', /Cannot query field "url" on type "Report"/);

    const readOnly = await gql('mutation($job: ID!) { createReport(jobId: $job) { id } }', { job: jobId }, t.readToken);
    assert.equal(readOnly.errors[0]?.extensions?.code, 'INSUFFICIENT_SCOPE');

    const revoked = await gql<{ revokeReport: { id: string; revokedAt: string | null } }>(
      'mutation($id: ID!) { revokeReport(id: $id) { id revokedAt } }',
      { id: report.id },
      t.writeToken,
    );
    assert.deepEqual(revoked.errors, []);
    assert.ok(revoked.data?.revokeReport.revokedAt !== null);
    assert.equal((await open(`/r/${tokenOf(report.url)}`)).status, 404);
    const unknown = await gql('mutation { revokeReport(id: "00000000-0000-4000-8000-000000000000") { id } }', {}, t.writeToken);
    assert.equal(unknown.errors[0]?.extensions?.code, 'REPORT_NOT_FOUND');
  });

  it('revoked, expired and unknown links all get the same 404, and show nothing', async () => {
    const unknown = await unknownLink();
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('cache-control'), 'no-store');
    assert.equal(unknown.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(unknown.headers.get('x-robots-tag'), 'noindex, nofollow');

    const revokedLink = (await createReport(jobId)).body;
    assert.equal((await open(`/r/${tokenOf(revokedLink.url)}`)).status, 200);
    const del = await writer.delete(`/api/v1/reports/${revokedLink.id}`);
    assert.equal(del.status, 204, del.text);
    assert.equal(del.text, '');
    assert.equal((await writer.delete(`/api/v1/reports/${revokedLink.id}`)).status, 204);

    const expiredLink = (await createReport(jobId)).body;
    await t.db.query(`UPDATE "Report" SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [expiredLink.id]);

    for (const link of [revokedLink, expiredLink]) {
      for (const suffix of ['', '.md', '.html', '.json']) {
        const res = await open(`/r/${tokenOf(link.url)}${suffix}`);
        assert.equal(res.status, 404, `${link.id}${suffix}`);
        assert.equal(res.text, unknown.text);
        assert.equal(res.headers.get('content-type'), unknown.headers.get('content-type'));
        assert.equal(res.headers.get('content-disposition'), null);
      }
    }
    for (const path of ['/r/short', '/r/%3Cscript%3E', `/r/${tokenOf(created.url)}.pdf`]) {
      const res = await open(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.text, unknown.text, path);
    }
    assertError(await writer.delete('/api/v1/reports/00000000-0000-4000-8000-000000000000'), 404, 'REPORT_NOT_FOUND');
  });

  it('needs the write scope to create or revoke, and a token at all', async () => {
    assertError(await createReport(jobId, {}, reader), 403, 'INSUFFICIENT_SCOPE');
    assertError(await reader.delete(`/api/v1/reports/${created.id}`), 403, 'INSUFFICIENT_SCOPE');
    assertError(await createReport(jobId, {}, anonymous), 401, 'UNAUTHENTICATED');
  });

  it('only a completed job: 409 JOB_NOT_COMPLETED for a queued or failed one, 404 for an unknown one', async () => {
    const prisma = new PrismaService(t.db.url, { maxConnections: 1 });
    try {
      const { job: queued } = await new JobRepository(prisma).create({
        kind: 'trace',
        request: { snapshotId, ...INCIDENT },
        requestHash: 'x',
        idempotencyKey: null,
        snapshotIds: [snapshotId],
      });
      const res = await createReport(queued.id);
      assertError(res, 409, 'JOB_NOT_COMPLETED');
      assert.match((res.body as unknown as ApiErrorBody).error.message, /is queued: only a completed job can be shared/);
    } finally {
      await prisma.disconnect();
    }
    const failing = await submitJob(writer, '/api/v1/traces', { snapshotId, ...INCIDENT, from: 'no-such-host' });
    const failed: JobDto = await waitForJob(writer, failing.location);
    assert.equal(failed.status, 'failed');
    assertError(await createReport(failed.id), 409, 'JOB_NOT_COMPLETED');
    assertError(await createReport('00000000-0000-4000-8000-000000000000'), 404, 'JOB_NOT_FOUND');
  });

  it('bad input is a 4xx naming the problem, never a 5xx', async () => {
    assertError(await createReport(jobId, { expiresInDays: 0 }), 400, 'INVALID_REQUEST');
    assertError(await createReport(jobId, { expiresInDays: 366 }), 400, 'INVALID_REQUEST');
    assertError(await createReport(jobId, { expiresInDays: 'soon' }), 400, 'INVALID_REQUEST');
    assertError(await createReport(jobId, { title: 'x'.repeat(201) }), 400, 'INVALID_REQUEST');
    const extra = await createReport(jobId, { colour: 'red' });
    assertError(extra, 400, 'INVALID_REQUEST');
    assert.match((extra.body as unknown as ApiErrorBody).error.message, /colour/);
    assertError(await writer.postRaw(`/api/v1/jobs/${jobId}/reports`, '{"title":', 'application/json'), 400, 'INVALID_JSON');
    assertError(await writer.postRaw(`/api/v1/jobs/${jobId}/reports`, 'title=x', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    assertError(await createReport('not-a-uuid'), 404, 'JOB_NOT_FOUND');
    const graphql = await gql('mutation { createReport(jobId: "x", expiresInDays: 0) { id } }', {}, t.writeToken);
    assert.equal(graphql.errors[0]?.extensions?.code, 'INVALID_REQUEST');
  });

  it('a batch report lists the flows that failed their expectation, grouped by cause', async () => {
    const submitted = await submitJob(writer, '/api/v1/trace-batches', {
      snapshotId,
      flows: [
        { ...INCIDENT, label: 'lb' },
        { ...DIRECT, label: 'direct' },
      ],
      expect: 'DELIVERED',
    });
    const job = await waitForJob(writer, submitted.location);
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    const res = await createReport(job.id);
    assert.equal(res.status, 201, res.text);
    const md = await open(`/r/${tokenOf(res.body.url)}.md`);
    assert.match(md.text, /^\*\*✗ 1 of 2 flows failed their expectation \(1 passed, 0 unchecked\)\*\*$/m);
    assert.match(
      md.text,
      /^\| 0 \| lb \| tcp 10\.12\.192\.44:44624 → 10\.12\.115\.101:80 from pod-10-12-192-44 \(backend 10\.253\.4\.194:8000, round trip\) \| DELIVERED \| DELIVERED at backend-10-253-4-194 \| reply step 12 on node-10-12-97-49: rp_filter strict/m,
    );
    assert.ok(md.text.includes(FIX));
    const doc = parseReportDocument((await open(`/r/${tokenOf(res.body.url)}.json`)).body) as ReportDocument;
    assert.deepEqual([doc.kind, doc.batch?.flows.map((f) => f.label), doc.batch?.summary.total], ['batch', ['lb'], 2]);
  });

  it('a diff report keeps the structural changes and the flows they changed, by cause', async () => {
    const base = await uploadExample(writer, '000-vpc-nat-gw-eip-before');
    const target = await uploadExample(writer, '000-vpc-nat-gw-eip');
    const ping = (icmpId: number, label: string) => ({
      from: 'vm-13-13-0-4',
      src: '13.13.0.4',
      dst: '192.169.100.1',
      proto: 'icmp',
      icmpId,
      roundTrip: true,
      label,
    });
    const submitted = await submitJob(writer, '/api/v1/diffs', {
      baseSnapshotId: base,
      targetSnapshotId: target,
      flows: [ping(27281, 'running ping'), ping(4242, 'new ping')],
    });
    const job = await waitForJob(writer, submitted.location, 120);
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    const res = await createReport(job.id);
    assert.equal(res.status, 201, res.text);
    const md = (await open(`/r/${tokenOf(res.body.url)}.md`)).text;
    assert.match(md, /^\*\*✗ 1 of 2 flows behave differently; 2 structural changes\*\*$/m);
    assert.ok(md.includes('`-A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2`'));
    assert.match(
      md,
      /^\| 1 \| new ping \| icmp 13\.13\.0\.4 → 192\.169\.100\.1 id 4242 from vm-13-13-0-4 \| disposition, path, translation \|/m,
    );
    assert.ok(md.includes(`hookpath submit diff --base ${base} --target ${target} --flows flows.json --wait`));
  });
});
