import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

type HeaderArgument = Parameters<ReturnType<typeof pack>['entry']>[0];
import { readSnapshotArchive } from './read-archive';
import { SnapshotInputError } from './snapshot-input-error';

async function tarGz(entries: { header: HeaderArgument; body?: string | Buffer }[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve) => p.on('end', () => resolve()));
  for (const e of entries) {
    if (e.body === undefined) p.entry(e.header);
    else p.entry(e.header, e.body);
  }
  p.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

async function rejects(data: Buffer, code: string, limits?: Parameters<typeof readSnapshotArchive>[1]): Promise<SnapshotInputError> {
  try {
    await readSnapshotArchive(data, limits);
  } catch (error) {
    assert.ok(error instanceof SnapshotInputError, `expected SnapshotInputError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('readSnapshotArchive', () => {
  it('reads files and drops the common top folder', async () => {
    const data = await tarGz([
      { header: { name: 'snap/', type: 'directory' } },
      { header: { name: 'snap/hosts/gw/sysctl.txt' }, body: 'net.ipv4.ip_forward = 1\n' },
      { header: { name: 'snap/snapshot.yaml' }, body: 'name: x\n' },
    ]);
    const files = await readSnapshotArchive(data);
    assert.deepEqual(
      files.map((f) => f.path),
      ['hosts/gw/sysctl.txt', 'snapshot.yaml'],
    );
    assert.equal(files[0]?.content, 'net.ipv4.ip_forward = 1\n');
  });

  it('keeps paths that already start at the layout root', async () => {
    const data = await tarGz([{ header: { name: 'hosts/a/sysctl.txt' }, body: '' }]);
    assert.deepEqual(
      (await readSnapshotArchive(data)).map((f) => f.path),
      ['hosts/a/sysctl.txt'],
    );
  });

  it('refuses ".." traversal and absolute paths', async () => {
    const e1 = await rejects(await tarGz([{ header: { name: '../etc/passwd' }, body: 'x' }]), 'UNSAFE_PATH');
    assert.equal(e1.issues[0]?.file, '../etc/passwd');
    await rejects(await tarGz([{ header: { name: '/etc/passwd' }, body: 'x' }]), 'UNSAFE_PATH');
    await rejects(await tarGz([{ header: { name: 'hosts/a/../../../x' }, body: 'x' }]), 'UNSAFE_PATH');
  });

  it('refuses links and devices', async () => {
    await rejects(
      await tarGz([{ header: { name: 'hosts/a/ip-addr.txt', type: 'symlink', linkname: '/etc/shadow' } }]),
      'UNSUPPORTED_ENTRY',
    );
    await rejects(await tarGz([{ header: { name: 'hosts/a/x', type: 'link', linkname: 'hosts/a/y' } }]), 'UNSUPPORTED_ENTRY');
    await rejects(
      await tarGz([{ header: { name: 'hosts/a/null', type: 'character-device', devmajor: 1, devminor: 3 } }]),
      'UNSUPPORTED_ENTRY',
    );
  });

  it('refuses a truncated gzip', async () => {
    const data = await tarGz([{ header: { name: 'hosts/a/sysctl.txt' }, body: 'a = 1\n'.repeat(1000) }]);
    await rejects(data.subarray(0, Math.floor(data.length / 2)), 'CORRUPT_ARCHIVE');
  });

  it('refuses data that is not gzip', async () => {
    await rejects(Buffer.from('hello, this is not an archive'), 'CORRUPT_ARCHIVE');
  });

  it('stops at the unpacked limit', async () => {
    const data = await tarGz([{ header: { name: 'hosts/a/big.txt' }, body: Buffer.alloc(2 * 1024 * 1024) }]);
    assert.ok(data.length < 64 * 1024, 'a compressible payload');
    const e = await rejects(data, 'UNPACKED_TOO_LARGE', { maxCompressedBytes: 1 << 20, maxUnpackedBytes: 1 << 20, maxFiles: 10 });
    assert.equal(e.issues[0]?.file, 'hosts/a/big.txt');
  });

  it('stops at the file count and the archive size', async () => {
    const entries = Array.from({ length: 4 }, (_, i) => ({ header: { name: `hosts/a/f${i}` }, body: 'x' }));
    await rejects(await tarGz(entries), 'TOO_MANY_FILES', { maxCompressedBytes: 1 << 20, maxUnpackedBytes: 1 << 20, maxFiles: 3 });
    await rejects(await tarGz(entries), 'ARCHIVE_TOO_LARGE', { maxCompressedBytes: 10, maxUnpackedBytes: 1 << 20, maxFiles: 10 });
  });

  it('refuses an empty archive', async () => {
    await rejects(await tarGz([{ header: { name: 'snap/', type: 'directory' } }]), 'EMPTY_SNAPSHOT');
  });
});
