import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLES, runCli } from './trace-cli-runner';

const SEED004 = join(EXAMPLES, '004-eni-ipvs-rp-filter');
const CURL = ['--from', 'pod-10-12-192-44', '--src', '10.12.192.44', '--dst', '10.12.115.101', '--sport', '44624', '--dport', '80', '--round-trip'];

describe('hookpath trace: the branches of seed 004 (IPVS rr without --backend)', () => {
  it('text: after the trace, how the paths end and one line per real server with its probability', () => {
    const run = runCli(['trace', SEED004, ...CURL]);
    assert.equal(run.status, 0, run.stderr);
    const tail = run.stdout.slice(run.stdout.indexOf('\nbranches '));
    assert.equal(
      tail.trim(),
      [
        'branches 3 paths: 2 DROPPED (NO_NEIGHBOR), 1 DELIVERED, reply DROPPED (RP_FILTER)',
        '  *  1   33.3%  node-10-12-97-49 ipvs 10.253.1.139:8000  DROPPED (NO_NEIGHBOR)',
        '     2   33.3%  node-10-12-97-49 ipvs 10.253.3.5:8000  DROPPED (NO_NEIGHBOR)',
        '     3   33.3%  node-10-12-97-49 ipvs 10.253.4.194:8000  DELIVERED, reply DROPPED (RP_FILTER)',
      ].join('\n'),
    );
  });

  it('--json carries branches (choices, probability, outcome, reply) and branchesOmitted', () => {
    const run = runCli(['trace', SEED004, ...CURL, '--json']);
    const doc = JSON.parse(run.stdout) as { branches: { probability: number; choices: { chosen: string; kind: string }[]; reply?: { dropReason: string | null } }[]; branchesOmitted: number };
    assert.equal(doc.branchesOmitted, 0);
    assert.deepEqual(
      doc.branches.map((b) => [b.choices.map((c) => `${c.kind} ${c.chosen}`), b.reply?.dropReason ?? null]),
      [
        [['ipvs 10.253.1.139:8000'], null],
        [['ipvs 10.253.3.5:8000'], null],
        [['ipvs 10.253.4.194:8000'], 'RP_FILTER'],
      ],
    );
  });

  it('--backend pins one real server: no branches', () => {
    const run = runCli(['trace', SEED004, ...CURL, '--backend', '10.253.4.194:8000']);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!run.stdout.includes('\nbranches '));
  });
});
