import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SnapshotRepository } from '@hookpath/data-access';
import type { SnapshotFile } from '@hookpath/model';
import { packFile } from '@hookpath/snapshot-io';
import { JobInputError } from '../processor/job-input-error';
import { loadSnapshotModel } from './snapshot-store';

/** A repository that holds one snapshot's files, stored as the API stores them. */
function storing(files: SnapshotFile[]): SnapshotRepository {
  const packed = files.map((file) => packFile(file));
  return { loadFiles: async (id: string) => (id === 'stored' ? packed : null) } as unknown as SnapshotRepository;
}

const IPTABLES = ['*filter', ':INPUT ACCEPT [0:0]', ':KUBE-FW - [0:0]', '[5:300] -A INPUT -p tcp --dport 22 -j KUBE-FW', 'COMMIT', ''].join(
  '\n',
);

describe('loadSnapshotModel', () => {
  it('reads the stored files, each chain its rules when asked for', async () => {
    const model = await loadSnapshotModel(storing([{ path: 'hosts/node-1/iptables-save.txt', content: IPTABLES }]), 'stored');
    const input = model?.hosts[0]?.iptables?.tables[0]?.chains[0];
    assert.equal(input?.ruleSource?.count, 1);
    assert.deepEqual(
      input?.rules.map((r) => [r.line, r.text, r.counters, r.target?.name]),
      [[4, '-A INPUT -p tcp --dport 22 -j KUBE-FW', { packets: 5, bytes: 300 }, 'KUBE-FW']],
    );
    assert.equal(await loadSnapshotModel(storing([]), 'missing'), null);
  });

  it('fails the job without retries when the stored files no longer read, naming the first problem', async () => {
    // a rule of a chain that is not declared: the read that files rule lines under their chain sees it
    const broken = IPTABLES.replace(':KUBE-FW - [0:0]\n', '').replace('COMMIT', '-A KUBE-FW -j ACCEPT\nCOMMIT');
    await assert.rejects(loadSnapshotModel(storing([{ path: 'hosts/node-1/iptables-save.txt', content: broken }]), 'stored'), (error) => {
      assert.ok(error instanceof JobInputError);
      assert.equal(error.code, 'SNAPSHOT_UNREADABLE');
      assert.match(
        error.message,
        /^snapshot stored: the stored snapshot no longer reads: 1 problem\(s\); first: hosts\/node-1\/iptables-save.txt:4:4: chain KUBE-FW is not declared/,
      );
      return true;
    });
  });

  it('fails the job without retries when a stored file is damaged', async () => {
    const [packed] = [packFile({ path: 'hosts/node-1/iptables-save.txt', content: IPTABLES })];
    assert.ok(packed);
    packed.gzipped[packed.gzipped.byteLength - 8] ^= 0xff;
    const repository = { loadFiles: async () => [packed] } as unknown as SnapshotRepository;
    await assert.rejects(loadSnapshotModel(repository, 'stored'), (error) => {
      assert.ok(error instanceof JobInputError);
      assert.equal(error.code, 'SNAPSHOT_UNREADABLE');
      assert.match(
        error.message,
        /^snapshot stored: hosts\/node-1\/iptables-save.txt: the gzip member at byte 0 does not match its checksum/,
      );
      return true;
    });
  });
});
