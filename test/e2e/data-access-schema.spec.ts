import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyMigrations, MigrationError, PrismaService, readMigrationFiles } from '@hookpath/data-access';
import { Prisma } from '@hookpath/data-access/prisma-client';
import { createTestDatabase, expectedTables, MIGRATIONS_DIR, type TestDatabase } from '../support';

describe('prisma/schema.prisma and prisma/migrations agree', () => {
  let db: TestDatabase;
  let prisma: PrismaService;

  before(async () => {
    db = await createTestDatabase();
    prisma = new PrismaService(db.url, { maxConnections: 2 });
  });

  after(async () => {
    await prisma.disconnect();
    await db.drop();
  });

  it('every column of schema.prisma exists with its type and nullability, and nothing else', async () => {
    const rows = await db.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`,
    );
    const actual = rows.map((r) => `${r.table_name}.${r.column_name} ${r.udt_name}${r.is_nullable === 'YES' ? ' NULL' : ''}`).sort();
    const expected = expectedTables()
      .flatMap((t) => t.columns.map((c) => `${t.name}.${c.name} ${c.udt}${c.nullable ? ' NULL' : ''}`))
      .sort();
    assert.deepEqual(actual, expected);
  });

  it('every primary key, unique constraint and index has the name and columns Prisma gives it', async () => {
    const rows = await db.query<{ table: string; name: string; unique: boolean; columns: string[] }>(
      `SELECT t.relname::text AS table, i.relname::text AS name, ix.indisunique AS unique,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
       GROUP BY t.relname, i.relname, ix.indisunique`,
    );
    const actual = rows.map((r) => `${r.table} ${r.name} ${r.unique ? 'unique' : 'index'} (${r.columns.join(',')})`).sort();
    const expected = expectedTables()
      .flatMap((t) => t.indexes.map((i) => `${t.name} ${i.name} ${i.unique ? 'unique' : 'index'} (${i.columns.join(',')})`))
      .sort();
    assert.deepEqual(actual, expected);
  });

  it('every relation is a foreign key named like Prisma names it, ON DELETE CASCADE ON UPDATE CASCADE', async () => {
    const rows = await db.query<{ name: string; table: string; column: string; ref: string; del: string; upd: string }>(
      `SELECT c.conname::text AS name, t.relname::text AS table, a.attname::text AS column,
              rt.relname::text || '.' || ra.attname::text AS ref, c.confdeltype::text AS del, c.confupdtype::text AS upd
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_class rt ON rt.oid = c.confrelid
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
       WHERE c.contype = 'f'`,
    );
    const actual = rows.map((r) => `${r.table}.${r.column} -> ${r.ref} ${r.name} delete:${r.del} update:${r.upd}`).sort();
    const expected = expectedTables()
      .flatMap((t) =>
        t.foreignKeys.map(
          (f) => `${t.name}.${f.column} -> ${f.references} ${f.name} delete:${f.onDelete === 'CASCADE' ? 'c' : 'a'} update:c`,
        ),
      )
      .sort();
    assert.deepEqual(actual, expected);
  });

  it('every model is written and read back through the generated client', async () => {
    const c = prisma.client;
    const snapshotData = {
      id: randomUUID(),
      name: 'schema check',
      cluster: 'lab',
      capturedAt: new Date('2024-05-01T10:00:00.123Z'),
      description: 'all columns',
      meta: { name: 'schema check', cluster: 'lab' },
      contentHash: 'f'.repeat(64),
      fileCount: 1,
      totalBytes: 5,
      topology: { links: [], segments: [{ name: 'lan', members: [] }] },
      warnings: [{ file: 'x', line: 0, column: 0, message: 'm', text: '' }],
      rawOnly: ['ovn/nb.json', 'k8s/pods.yaml'],
      ovn: { switches: [{ name: 'ls1', ports: [] }], routers: [] },
      kube: [{ apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: { name: 'vpc-1' }, spec: null, status: null }],
    };
    const snapshot = await c.snapshot.create({ data: snapshotData });
    assert.deepEqual(await c.snapshot.findUniqueOrThrow({ where: { id: snapshot.id } }), {
      ...snapshotData,
      createdAt: snapshot.createdAt,
    });
    assert.ok(snapshot.createdAt instanceof Date);

    const fileData = {
      id: randomUUID(),
      snapshotId: snapshot.id,
      path: 'hosts/a/sysctl.txt',
      size: 5,
      sha256: 'a'.repeat(64),
      content: new Uint8Array([0, 1, 2, 254, 255]),
    };
    await c.snapshotFile.create({ data: fileData });
    const file = await c.snapshotFile.findUniqueOrThrow({ where: { snapshotId_path: { snapshotId: snapshot.id, path: fileData.path } } });
    assert.deepEqual({ ...file, content: [...file.content] }, { ...fileData, content: [0, 1, 2, 254, 255] });

    const hostFull = {
      id: randomUUID(),
      snapshotId: snapshot.id,
      ordinal: 0,
      name: 'a',
      role: 'node',
      node: 'a',
      notes: 'n',
      interfaces: [{ ifindex: 1, name: 'lo' }],
      routes: [{ dst: 'default' }],
      rules: [{ priority: 0 }],
      sysctls: { 'net.ipv4.ip_forward': '1' },
      ipsets: [{ name: 's' }],
      conntrack: [{ protocol: 'tcp' }],
      ipvs: [{ protocol: 'tcp' }],
      fdb: [{ mac: '00:00:00:00:00:01' }],
      neighbours: [{ dst: '10.0.0.1' }],
      ovsInterfaces: [{ name: 'veth1', type: '', ofport: 3 }],
      files: ['hosts/a/sysctl.txt'],
      iptablesFormat: 'iptables-save',
      iptablesBackend: 'legacy',
      iptablesVersion: 'v1.8.7',
      iptablesTables: ['nat', 'filter'],
    };
    const hostEmpty = {
      id: randomUUID(),
      snapshotId: snapshot.id,
      ordinal: 1,
      name: 'b',
      role: null,
      node: null,
      notes: null,
      files: [],
      iptablesFormat: null,
      iptablesBackend: null,
      iptablesVersion: null,
      iptablesTables: [],
    };
    await c.host.createMany({ data: [hostFull, { ...hostEmpty, interfaces: Prisma.DbNull, routes: Prisma.DbNull }] });
    assert.deepEqual(await c.host.findUniqueOrThrow({ where: { id: hostFull.id } }), hostFull);
    const nulls = {
      interfaces: null,
      routes: null,
      rules: null,
      sysctls: null,
      ipsets: null,
      conntrack: null,
      ipvs: null,
      fdb: null,
      neighbours: null,
      ovsInterfaces: null,
    };
    assert.deepEqual(await c.host.findUniqueOrThrow({ where: { id: hostEmpty.id } }), { ...hostEmpty, ...nulls });

    const token = await c.apiToken.create({
      data: { name: 'ci', scope: 'write', tokenHash: 'b'.repeat(64), lastUsedAt: new Date('2024-01-01T00:00:00Z') },
    });
    assert.deepEqual(await c.apiToken.findUniqueOrThrow({ where: { tokenHash: 'b'.repeat(64) } }), token);
    assert.equal(token.scope, 'write');

    await c.snapshot.delete({ where: { id: snapshot.id } });
    for (const count of [c.snapshotFile.count(), c.host.count()]) assert.equal(await count, 0);
  });
});

describe('applyMigrations', () => {
  let db: TestDatabase;
  let scratch: string;

  before(async () => {
    db = await createTestDatabase();
    scratch = await mkdtemp(join(tmpdir(), 'hookpath-migrations-'));
  });

  after(async () => {
    await db.drop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('records each migration as prisma migrate does (sha256 of migration.sql, finished, 1 step)', async () => {
    const files = await readMigrationFiles(MIGRATIONS_DIR);
    assert.ok(files.length > 0);
    const rows = await db.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    assert.equal(rows.length, files.length);
    for (const [i, file] of files.entries()) {
      const row = rows[i];
      const sha = createHash('sha256')
        .update(await readFile(join(MIGRATIONS_DIR, file.name, 'migration.sql')))
        .digest('hex');
      assert.equal(row?.migration_name, file.name);
      assert.equal(row?.checksum, sha);
      assert.ok(row?.finished_at instanceof Date);
      assert.equal(row?.rolled_back_at, null);
      assert.equal(row?.applied_steps_count, 1);
    }
  });

  it('is idempotent: a second run applies nothing and changes nothing', async () => {
    const before = await db.query('SELECT * FROM "_prisma_migrations" ORDER BY id');
    const report = await applyMigrations(db.url, MIGRATIONS_DIR);
    assert.deepEqual(report.applied, []);
    assert.equal(report.createdDatabase, false);
    assert.deepEqual(await db.query('SELECT * FROM "_prisma_migrations" ORDER BY id'), before);
  });

  it('runs safely when several processes migrate at once', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const reports = await Promise.all([1, 2, 3].map(() => applyMigrations(fresh.url, MIGRATIONS_DIR)));
      assert.equal(
        reports.reduce((n, r) => n + r.applied.length, 0),
        (await readMigrationFiles(MIGRATIONS_DIR)).length,
      );
      const rows = await fresh.query<{ n: string }>('SELECT count(*) AS n FROM "_prisma_migrations"');
      assert.equal(Number(rows[0]?.n), (await readMigrationFiles(MIGRATIONS_DIR)).length);
    } finally {
      await fresh.drop();
    }
  });

  it("gives a batch's flows stored before the disposition column their outcome's disposition", async () => {
    const dir = join(scratch, 'before-disposition');
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await rm(join(dir, '20261209000000_flow_results_disposition'), { recursive: true });
    const fresh = await createTestDatabase({ migrate: false });
    try {
      await applyMigrations(fresh.url, dir);
      const job = randomUUID();
      await fresh.query(`INSERT INTO "Job" (id, kind, request, "requestHash", "snapshotIds") VALUES ($1, 'trace_batch', '{}', 'h', '{}')`, [
        job,
      ]);
      const outcomes = ['{"disposition":"DELIVERED","path":""}', '{"error":"UNKNOWN_HOST","message":"m"}', '{"disposition":"DROPPED"}'];
      for (const [index, outcome] of outcomes.entries())
        await fresh.query(`INSERT INTO "JobFlowResult" ("jobId", index, request, outcome, worker) VALUES ($1, $2, '{}', $3, 'w')`, [
          job,
          index,
          outcome,
        ]);
      assert.deepEqual((await applyMigrations(fresh.url, MIGRATIONS_DIR)).applied, ['20261209000000_flow_results_disposition']);
      const rows = await fresh.query<{ disposition: string | null }>('SELECT disposition FROM "JobFlowResult" ORDER BY index');
      assert.deepEqual(
        rows.map((r) => r.disposition),
        ['DELIVERED', null, 'DROPPED'],
      );
    } finally {
      await fresh.drop();
    }
  });

  it('refuses to run when an applied migration was modified', async () => {
    const dir = join(scratch, 'modified');
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const [first] = await readMigrationFiles(dir);
    assert.ok(first);
    await writeFile(join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`);
    await assert.rejects(applyMigrations(db.url, dir), (error: unknown) => {
      assert.ok(error instanceof MigrationError);
      assert.equal(error.migration, first.name);
      assert.match(error.message, /modified after it was applied/);
      return true;
    });
  });

  it('rolls a failing migration back entirely and records nothing', async () => {
    const dir = join(scratch, 'failing');
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await mkdir(join(dir, '29990101000000_broken'));
    await writeFile(
      join(dir, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE "Broken" ("id" TEXT);\nSELECT no_such_function();\n',
    );
    await assert.rejects(applyMigrations(db.url, dir), /29990101000000_broken failed and was rolled back/);
    assert.deepEqual(await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'Broken'`), []);
    assert.deepEqual(await db.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`), []);
  });
});
