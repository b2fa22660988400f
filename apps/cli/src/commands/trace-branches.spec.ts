import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLES, runCli } from './trace-cli-runner';

const SEED004 = join(EXAMPLES, '004-eni-ipvs-rp-filter');
const CURL = [
  '--from',
  'pod-10-12-192-44',
  '--src',
  '10.12.192.44',
  '--dst',
  '10.12.115.101',
  '--sport',
  '44624',
  '--dport',
  '80',
  '--round-trip',
];

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
        '  --branch N shows path N in full, --branch all every path',
      ].join('\n'),
    );
  });

  it('--branch 3 shows the third path in full: the real server that answers, and strict rp_filter dropping its reply', () => {
    const run = runCli(['trace', SEED004, ...CURL, '--branch', '3']);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'branch 3 of 3 33.3%  node-10-12-97-49 ipvs 10.253.4.194:8000');
    assert.match(run.stdout, /chose 10\.253\.4\.194:8000/);
    assert.ok(!run.stdout.includes('chose 10.253.1.139:8000'), 'the most likely leaf is not shown in full');
    assert.match(run.stdout, /\nresult DELIVERED /);
    assert.match(run.stdout, /\n {2}result DROPPED \(RP_FILTER\)/);
    assert.match(run.stdout, /\n {2}\* {2}3 {3}33\.3%/, 'the list marks the leaf shown');
    assert.match(run.stdout, /\n {5}1 {3}33\.3%/);
  });

  it('--branch all shows every path in full, one header per path', () => {
    const run = runCli(['trace', SEED004, ...CURL, '--branch', 'all']);
    assert.equal(run.status, 0, run.stderr);
    const headers = run.stdout.split('\n').filter((l) => l.startsWith('branch '));
    assert.deepEqual(headers, [
      'branch 1 of 3 33.3%  node-10-12-97-49 ipvs 10.253.1.139:8000',
      'branch 2 of 3 33.3%  node-10-12-97-49 ipvs 10.253.3.5:8000',
      'branch 3 of 3 33.3%  node-10-12-97-49 ipvs 10.253.4.194:8000',
    ]);
    assert.equal(run.stdout.match(/\nresult /g)?.length, 3);
  });

  it('--branch past the last path, or on a trace without branches, is a usage error', () => {
    const past = runCli(['trace', SEED004, ...CURL, '--branch', '4']);
    assert.equal(past.status, 2);
    assert.match(past.stderr, /--branch 4: the trace lists 3 paths \(1-3\)/);
    const pinned = runCli(['trace', SEED004, ...CURL, '--backend', '10.253.4.194:8000', '--branch', '1']);
    assert.equal(pinned.status, 2);
    assert.match(pinned.stderr, /no branches/);
  });

  it('--json carries branches (choices, probability, outcome, reply) and branchesOmitted', () => {
    const run = runCli(['trace', SEED004, ...CURL, '--json']);
    const doc = JSON.parse(run.stdout) as {
      branches: { probability: number; choices: { chosen: string; kind: string }[]; reply?: { dropReason: string | null } }[];
      branchesOmitted: number;
    };
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
