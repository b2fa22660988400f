import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateReportToken, hashReportToken, REPORT_TOKEN_PATTERN } from '@hookpath/contracts';
import { InvalidCursorError, JobRepository, PrismaService, ReportRepository } from '@hookpath/data-access';
import { createTestDatabase, type TestDatabase } from '../support';

describe('ReportRepository and report tokens', () => {
  let db: TestDatabase;
  let prisma: PrismaService;
  let reports: ReportRepository;
  let jobId: string;

  before(async () => {
    db = await createTestDatabase();
    prisma = new PrismaService(db.url, { maxConnections: 2 });
    reports = new ReportRepository(prisma);
    const { job } = await new JobRepository(prisma).create({
      kind: 'trace',
      request: { snapshotId: 'x' },
      requestHash: 'h',
      idempotencyKey: null,
      snapshotIds: [],
    });
    jobId = job.id;
  });

  after(async () => {
    await prisma.disconnect();
    await db.drop();
  });

  it('a token is 256 random bits in base64url; only its sha256 is stored', async () => {
    const tokens = new Set(Array.from({ length: 50 }, () => generateReportToken()));
    assert.equal(tokens.size, 50);
    for (const token of tokens) assert.match(token, REPORT_TOKEN_PATTERN);
    const token = generateReportToken();
    const report = await reports.create({
      tokenHash: hashReportToken(token),
      jobId,
      kind: 'trace',
      title: 't',
      document: { schema: 'hookpath.report/v1' },
      createdBy: 'ci',
      expiresAt: new Date(Date.now() + 60_000),
    });
    const rows = await db.query<{ tokenHash: string; document: unknown }>('SELECT "tokenHash", document FROM "Report" WHERE id = $1', [
      report.id,
    ]);
    assert.equal(rows[0]?.tokenHash, hashReportToken(token));
    assert.match(rows[0]?.tokenHash ?? '', /^[0-9a-f]{64}$/);
    const all = JSON.stringify(await db.query('SELECT * FROM "Report"'));
    assert.ok(!all.includes(token), 'the token itself is nowhere in the table');
    const live = await reports.findLive(hashReportToken(token));
    assert.deepEqual(live?.document, { schema: 'hookpath.report/v1' });
    assert.deepEqual(live?.report, report);
  });

  it('an expired or revoked report opens no more, like an unknown token; revoking twice keeps the first time', async () => {
    const token = generateReportToken();
    const report = await reports.create({
      tokenHash: hashReportToken(token),
      jobId,
      kind: 'batch',
      title: 'b',
      document: {},
      createdBy: 'ci',
      expiresAt: new Date(Date.now() + 60_000),
    });
    assert.equal(await reports.findLive(hashReportToken(generateReportToken())), null);
    assert.equal(await reports.findLive(hashReportToken(token), new Date(Date.now() + 120_000)), null);
    const first = await reports.revoke(report.id, new Date('2026-01-01T00:00:00Z'));
    assert.deepEqual(first?.revokedAt, new Date('2026-01-01T00:00:00Z'));
    assert.equal(await reports.findLive(hashReportToken(token)), null);
    const again = await reports.revoke(report.id, new Date('2026-02-01T00:00:00Z'));
    assert.deepEqual(again?.revokedAt, new Date('2026-01-01T00:00:00Z'));
    assert.equal(await reports.revoke('00000000-0000-4000-8000-000000000000'), null);
  });

  it('lists newest first with a cursor; deleting the job deletes its reports', async () => {
    for (let i = 0; i < 3; i += 1) {
      await reports.create({
        tokenHash: hashReportToken(generateReportToken()),
        jobId,
        kind: 'diff',
        title: `d${i}`,
        document: {},
        createdBy: 'ci',
        expiresAt: new Date(Date.now() + 60_000),
        createdAt: new Date(Date.UTC(2030, 0, 1 + i)),
      });
    }
    const page = await reports.list({ first: 2 });
    assert.deepEqual(
      page.items.map((r) => r.title),
      ['d2', 'd1'],
    );
    assert.equal(page.hasNextPage, true);
    const next = await reports.list({ first: 2, after: page.endCursor });
    assert.deepEqual(next.items.map((r) => r.title).slice(0, 1), ['d0']);
    await assert.rejects(reports.list({ after: 'bm9wZQ' }), InvalidCursorError);
    await db.query('DELETE FROM "Job" WHERE id = $1', [jobId]);
    assert.equal((await db.counts()).Report, 0);
  });
});
