import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SnapshotCreatedDto } from '@hookpath/contracts';
import { PrismaService, SnapshotRepository } from '@hookpath/data-access';
import type { SnapshotFile, SnapshotModel } from '@hookpath/model';
import { parseSnapshot, parseStoredSnapshot } from '@hookpath/parsers';
import { contentHash, packFiles, unpackFile } from '@hookpath/snapshot-io';
import { ApiClient, kubeProxySnapshotFiles, startTestApp, tarGzOf, type TestApp } from '../support';

const RULES = 100_000;

function ruleCount(model: SnapshotModel): number {
  return model.hosts.reduce(
    (n, h) => n + (h.iptables?.tables.reduce((m, t) => m + t.chains.reduce((k, c) => k + c.rules.length, 0), 0) ?? 0),
    0,
  );
}

function ms(started: number): number {
  return Math.round(performance.now() - started);
}

describe(`a kube-proxy snapshot of ${RULES} iptables rules`, () => {
  let t: TestApp;
  let files: SnapshotFile[];

  before(async () => {
    t = await startTestApp();
    // in path order, as the repository gives stored files back (a host lists its files in that order)
    files = Object.entries(kubeProxySnapshotFiles(RULES))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, content]) => ({ path, content }));
  });

  after(async () => {
    await t.close();
  });

  it('is stored in one transaction and read back whole (repository)', async (ctx) => {
    const prisma = new PrismaService(t.db.url);
    try {
      const repo = new SnapshotRepository(prisma);
      let started = performance.now();
      const { model, errors } = parseSnapshot(files);
      const parseMs = ms(started);
      assert.deepEqual(errors, []);
      const rules = ruleCount(model);
      assert.ok(rules >= RULES, `${rules} rules`);
      started = performance.now();
      const { snapshot } = await repo.create({ contentHash: contentHash(files), model, files: await packFiles(files) });
      const storeMs = ms(started);
      started = performance.now();
      const loaded = parseStoredSnapshot((await repo.loadFiles(snapshot.id))?.map(unpackFile) ?? null);
      const loadMs = ms(started);
      assert.ok(loaded);
      assert.equal(ruleCount(loaded), rules);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(loaded)), JSON.parse(JSON.stringify(model)) as SnapshotModel);
      started = performance.now();
      assert.equal(await repo.delete(snapshot.id), true);
      const deleteMs = ms(started);
      ctx.diagnostic(`${rules} rules: parse ${parseMs} ms, store ${storeMs} ms, load ${loadMs} ms, delete ${deleteMs} ms`);
      // Generous bound: storing took ~5 s on the development machine.
      assert.ok(storeMs < 60_000, `store took ${storeMs} ms`);
    } finally {
      await prisma.disconnect();
    }
  });

  it('uploads through the API as tar.gz (201)', async (ctx) => {
    const archive = await tarGzOf(files.map((f) => ({ name: f.path, content: f.content })));
    const started = performance.now();
    const res = await new ApiClient(t.baseUrl, t.writeToken).postArchive<SnapshotCreatedDto>('/api/v1/snapshots', archive);
    const uploadMs = ms(started);
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.body.hosts, ['node-1']);
    ctx.diagnostic(`upload of ${(archive.length / 1024 / 1024).toFixed(1)} MiB tar.gz: ${uploadMs} ms end to end (unpack, parse, store)`);
  });
});
