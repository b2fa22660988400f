import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { batchCommand, diffCommand, traceCommand } from './rerun-command';
import { shellQuote } from './shell-quote';

describe('re-run commands', () => {
  it('trace: every option of hookpath trace the question used, in its flag spelling', () => {
    assert.equal(
      traceCommand('004-eni-ipvs-rp-filter', {
        snapshotId: 's',
        from: 'pod-1',
        src: '10.0.0.1',
        dst: '10.0.0.2',
        proto: 'tcp',
        sport: 1,
        dport: 80,
        mark: 0x4000,
        backend: '10.1.1.1:8000',
        choose: '100.64.0.3',
        roundTrip: true,
      }),
      'hookpath trace 004-eni-ipvs-rp-filter --from pod-1 --src 10.0.0.1 --dst 10.0.0.2 -p tcp --sport 1 --dport 80 --mark 0x4000 --backend 10.1.1.1:8000 --choose 100.64.0.3 --round-trip',
    );
    assert.equal(
      traceCommand('snap', { snapshotId: 's', from: 'ovn:web-0.default', src: '1.1.1.1', dst: '2.2.2.2', proto: 'icmp', icmpId: 7 }),
      'hookpath trace snap --from ovn:web-0.default --src 1.1.1.1 --dst 2.2.2.2 -p icmp --icmp-id 7',
    );
  });

  it('quotes what the shell would otherwise read', () => {
    assert.equal(shellQuote('my snapshot'), "'my snapshot'");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    assert.equal(shellQuote('$(rm -rf /)'), "'$(rm -rf /)'");
    assert.equal(shellQuote(''), "''");
    assert.equal(traceCommand('a b', { snapshotId: 's', from: 'h', src: '1.1.1.1', dst: '2.2.2.2', proto: 'icmp' }).split(' ')[2], "'a");
  });

  it('batch and diff: the submit commands against the stored snapshots', () => {
    assert.equal(
      batchCommand({ snapshotId: 'id-1', flows: 2, generators: ['pods-to-services'], expect: 'DELIVERED', roundTrip: true }),
      'hookpath submit batch --snapshot id-1 --generator pods-to-services --flows flows.json --expect DELIVERED --round-trip --wait',
    );
    assert.equal(
      diffCommand({ baseSnapshotId: 'a', targetSnapshotId: 'b', flows: 0, generators: [] }),
      'hookpath submit diff --base a --target b --wait',
    );
    // the request's branches quantifier, or the re-run would check every branch where it asked for any
    assert.equal(
      batchCommand({ snapshotId: 'id-1', flows: 1, generators: [], expect: 'DROPPED', branches: 'any' }),
      'hookpath submit batch --snapshot id-1 --flows flows.json --expect DROPPED --branches any --wait',
    );
  });
});
