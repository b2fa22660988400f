import { strict as assert } from 'node:assert';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { snapshotFilesFromJson } from './files-from-json';
import { readSnapshotDirectory } from './read-directory';
import { SnapshotInputError } from './snapshot-input-error';
import { nulByteIssue } from './text-content';

function refusal(run: () => unknown): SnapshotInputError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof SnapshotInputError, String(error));
    return error;
  }
  assert.fail('expected a SnapshotInputError');
}

describe('NUL bytes in snapshot files', () => {
  it('names the file, line and column of the first NUL, and quotes its line', () => {
    assert.deepEqual(nulByteIssue('snapshot.yaml', 'name: a\ndescription: b\0c\0\r\nx\0\n'), {
      file: 'snapshot.yaml',
      line: 2,
      column: 15,
      message: 'a NUL byte (0x00): snapshot files are text',
      text: 'description: b\\0c\\0',
    });
    assert.equal(nulByteIssue('a', '\0')?.column, 1);
    assert.equal(nulByteIssue('a', 'no nul\n'), undefined);
  });

  it('the JSON upload form is refused with NUL_BYTE before anything is parsed', () => {
    const error = refusal(() =>
      snapshotFilesFromJson({ 'hosts/n1/sysctl.txt': 'net.ipv4.ip_forward = 1\n', 'snapshot.yaml': 'name: x\ndescription: "a\0b"\n' }),
    );
    assert.equal(error.code, 'NUL_BYTE');
    assert.match(error.message, /^snapshot\.yaml:2:16: /);
    assert.deepEqual(
      error.issues.map((i) => [i.file, i.line, i.column]),
      [['snapshot.yaml', 2, 16]],
    );
  });

  it('a JSON path with a lone UTF-16 surrogate is an unsafe path', () => {
    const error = refusal(() => snapshotFilesFromJson({ 'hosts/n1/sysctl\ud800.txt': 'x\n' }));
    assert.equal(error.code, 'UNSAFE_PATH');
    assert.match(error.message, /lone UTF-16 surrogate/);
  });

  it('a folder read for hookpath validate is refused the same way, the path relative to the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hookpath-nul-'));
    try {
      await mkdir(join(dir, 'snap/hosts/n1'), { recursive: true });
      await writeFile(join(dir, 'snap/hosts/n1/sysctl.txt'), Buffer.from('net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = \x001\n'));
      const error = await readSnapshotDirectory(join(dir, 'snap')).then(
        () => assert.fail('expected NUL_BYTE'),
        (e: unknown) => e as SnapshotInputError,
      );
      assert.equal(error.code, 'NUL_BYTE');
      assert.deepEqual([error.issues[0]?.file, error.issues[0]?.line, error.issues[0]?.column], ['hosts/n1/sysctl.txt', 2, 31]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
