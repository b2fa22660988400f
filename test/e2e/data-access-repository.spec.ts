import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PrismaService, SnapshotRepository, type SnapshotRecord } from '@hookpath/data-access';
import type { SnapshotFile, SnapshotModel } from '@hookpath/model';
import { parseSnapshot, parseStoredSnapshot } from '@hookpath/parsers';
import { contentHash, packFiles, readSnapshotDirectory, unpackFile } from '@hookpath/snapshot-io';
import { createTestDatabase, EXAMPLES_DIR, sampleModel, type TestDatabase } from '../support';

/** What JSON storage keeps of a model: properties set to undefined disappear. */
function jsonClean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function filesOf(model: SnapshotModel): SnapshotFile[] {
  return [
    { path: 'snapshot.yaml', content: `name: ${model.meta.name ?? 'x'}\n` },
    ...model.hosts.flatMap((h) => h.files.map((path) => ({ path, content: `${path}\n` }))),
  ];
}

describe('SnapshotRepository', () => {
  let db: TestDatabase;
  let prisma: PrismaService;
  let repo: SnapshotRepository;

  async function store(model: SnapshotModel, files = filesOf(model)): Promise<SnapshotRecord> {
    const result = await repo.create({ contentHash: contentHash(files), model, files: await packFiles(files) });
    assert.equal(result.created, true);
    return result.snapshot;
  }

  before(async () => {
    db = await createTestDatabase();
    prisma = new PrismaService(db.url);
    repo = new SnapshotRepository(prisma);
  });

  after(async () => {
    await prisma.disconnect();
    await db.drop();
  });

  it('hostsBySnapshotIds gives back every host as stored, its iptables as a header (the rules stay in its file)', async () => {
    const model = sampleModel('-roundtrip');
    const record = await store(model);
    const [hosts] = await repo.hostsBySnapshotIds([record.id]);
    assert.deepStrictEqual(
      hosts?.map(({ id, snapshotId, ordinal, ...host }) => {
        assert.equal(snapshotId, record.id);
        assert.match(id, /^[0-9a-f-]{36}$/);
        return { ordinal, ...host };
      }),
      model.hosts.map(({ iptables, ...host }, ordinal) => ({
        ordinal,
        ...host,
        iptables:
          iptables === null
            ? null
            : {
                format: iptables.format,
                ...(iptables.backend === undefined ? {} : { backend: iptables.backend }),
                ...(iptables.version === undefined ? {} : { version: iptables.version }),
                tables: iptables.tables.map((t) => t.name),
              },
      })),
    );
  });

  it('keeps the snapshot summary: name, meta projection, counts, host order', async () => {
    const model = sampleModel('-summary');
    const files = filesOf(model);
    const record = await store(model, files);
    assert.equal(record.name, 'sample-summary');
    assert.equal(record.cluster, 'lab');
    assert.equal(record.capturedAt, '2024-05-01T10:00:00Z');
    assert.equal(record.description, 'every field');
    assert.equal(record.fileCount, files.length);
    assert.equal(
      record.totalBytes,
      files.reduce((n, f) => n + Buffer.byteLength(f.content), 0),
    );
    assert.deepEqual(record.hostNames, ['node-1', 'pod-a']);
    assert.deepEqual(record.warnings, model.warnings);
    assert.deepEqual(await repo.get(record.id), record);
    const stored = await db.query<{ capturedAt: Date }>('SELECT "capturedAt" FROM "Snapshot" WHERE id = $1', [record.id]);
    assert.equal(stored[0]?.capturedAt.getTime(), Date.parse('2024-05-01T10:00:00Z'));
  });

  const examples = existsSync(EXAMPLES_DIR)
    ? readdirSync(EXAMPLES_DIR, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
  for (const example of examples) {
    it(`examples/${example}: the stored files read back into the model the upload read`, async () => {
      const files = await readSnapshotDirectory(join(EXAMPLES_DIR, example));
      const { model, errors } = parseSnapshot(files);
      assert.deepEqual(errors, []);
      const record = await store(model, files);
      const stored = (await repo.loadFiles(record.id))?.map(unpackFile) ?? null;
      assert.deepStrictEqual(
        stored?.map(({ path, content }) => ({ path, content })),
        [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      );
      assert.deepStrictEqual(jsonClean(parseStoredSnapshot(stored)), jsonClean(model));
      assert.equal(await repo.loadFiles('00000000-0000-0000-0000-000000000000'), null);
    });
  }

  it('create on an existing content hash returns the stored snapshot instead of failing', async () => {
    const model = sampleModel('-dupe');
    const files = filesOf(model);
    const first = await store(model, files);
    const again = await repo.create({ contentHash: contentHash(files), model, files: await packFiles(files) });
    assert.equal(again.created, false);
    assert.equal(again.snapshot.id, first.id);
    const packed = await packFiles(files);
    const racing = await Promise.all([1, 2, 3].map(() => repo.create({ contentHash: 'race'.padEnd(64, '0'), model, files: packed })));
    assert.equal(racing.filter((r) => r.created).length, 1);
    assert.equal(new Set(racing.map((r) => r.snapshot.id)).size, 1);
  });

  it('files: listFiles gives sizes and sha256, getFile the text back, unknown ones null', async () => {
    const model = sampleModel('-files');
    const files: SnapshotFile[] = [
      { path: 'hosts/node-1/sysctl.txt', content: 'net.ipv4.ip_forward = 1\nnet.ipv6.conf.all.forwarding = 0\n' },
      { path: 'k8s/pods.yaml', content: 'kind: List\nitems: []\n# ünïcödé\n' },
    ];
    const record = await store(model, files);
    const listed = await repo.listFiles(record.id);
    assert.deepEqual(
      listed,
      files
        .map((f) => ({ path: f.path, size: Buffer.byteLength(f.content), sha256: createHash('sha256').update(f.content).digest('hex') }))
        .sort((a, b) => a.path.localeCompare(b.path)),
    );
    for (const f of files) {
      const stored = await repo.getFile(record.id, f.path);
      assert.ok(stored);
      assert.equal(unpackFile(stored).content, f.content);
    }
    assert.equal(await repo.getFile(record.id, 'nope'), null);
    assert.equal(await repo.listFiles('00000000-0000-0000-0000-000000000000'), null);
  });

  it('delete removes the snapshot and everything below it', async () => {
    const record = await store(sampleModel('-delete'));
    const count = async (sql: string, param: unknown) => Number((await db.query<{ n: string }>(sql, [param]))[0]?.n);
    const remaining = async () => [
      await count('SELECT count(*) AS n FROM "Snapshot" WHERE id = $1', record.id),
      await count('SELECT count(*) AS n FROM "SnapshotFile" WHERE "snapshotId" = $1', record.id),
      await count('SELECT count(*) AS n FROM "Host" WHERE "snapshotId" = $1', record.id),
    ];
    assert.ok((await remaining()).every((n) => n > 0));
    assert.equal(await repo.delete(record.id), true);
    assert.equal(await repo.get(record.id), null);
    assert.deepEqual(await remaining(), [0, 0, 0]);
    assert.equal(await repo.delete(record.id), false);
  });
  it('batched readers answer for several parents at once, aligned with the ids asked', async () => {
    const a = await store(sampleModel('-batch-a'));
    const b = await store(sampleModel('-batch-b'));
    const missing = '00000000-0000-0000-0000-000000000000';
    const hosts = await repo.hostsBySnapshotIds([b.id, missing, a.id]);
    assert.deepEqual(
      hosts.map((list) => list.map((h) => h.name)),
      [['node-1', 'pod-a'], [], ['node-1', 'pod-a']],
    );
    const nodeA = hosts[2]?.[0];
    const podA = hosts[2]?.[1];
    assert.ok(nodeA && podA);
    assert.deepEqual(nodeA.iptables, {
      format: 'iptables-save',
      backend: 'nf_tables',
      version: 'v1.8.9',
      tables: ['nat', 'raw', 'filter'],
    });
    assert.equal(podA.iptables, null);
    assert.equal(podA.interfaces, null);
    assert.deepEqual(nodeA.meta, { role: 'node', notes: 'control plane' });
  });

  it('list pages newest first, never skipping or repeating, even when snapshots share createdAt', async () => {
    for (let i = 0; i < 7; i++) await store(sampleModel(`-page-${i}`));
    // Several snapshots created in the same millisecond: ties are broken by id.
    await db.query(
      `UPDATE "Snapshot" SET "createdAt" = '2030-01-01T00:00:00Z' WHERE name IN ('sample-page-1', 'sample-page-2', 'sample-page-3', 'sample-page-4')`,
    );
    const all = await db.query<{ id: string }>('SELECT id FROM "Snapshot" ORDER BY "createdAt" DESC, id DESC');
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page = await repo.list({ first: 3, after });
      seen.push(...page.items.map((s) => s.id));
      if (!page.hasNextPage) break;
      assert.equal(page.items.length, 3);
      after = page.endCursor;
    }
    assert.deepEqual(
      seen,
      all.map((r) => r.id),
    );
    assert.equal((await repo.list({ first: 1000 })).items.length, Math.min(100, all.length));
    await assert.rejects(repo.list({ after: 'garbage' }), { name: 'InvalidCursorError' });
  });
});
