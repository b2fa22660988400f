import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { JobDto } from '@hookpath/contracts';
import { resolveApiTarget } from '../api-client';
import { UsageError } from '../cli-error';
import { extractWait, parseSubmitArgs } from './submit-args';
import { EXIT_EXPECTATION_FAILED, EXIT_JOB_FAILED, EXIT_STILL_RUNNING, failedFlowLine, jobExitStatus, summaryLine } from './submit-report';

const SNAP = '3f1c2b9a-0d4e-4f5a-9b6c-7d8e9f0a1b2c';
const OTHER = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const PING = ['--from', 'vm-13-13-0-4', '--src', '13.13.0.4', '--dst', '192.169.100.1', '--icmp-id', '27281'];

function job(fields: Partial<JobDto>): JobDto {
  return {
    id: SNAP,
    kind: 'trace-batch',
    status: 'completed',
    progress: { done: 2, total: 2 },
    result: null,
    expectations: null,
    error: null,
    attempts: 1,
    createdAt: '2024-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...fields,
  };
}

describe('submit arguments', () => {
  it('trace: the packet is read by the trace parser (icmp inferred) and sent as the REST body', async () => {
    const args = await parseSubmitArgs(['trace', '--snapshot', SNAP, ...PING, '--round-trip', '--expect', 'delivered', '--wait']);
    assert.equal(args.kind, 'trace');
    assert.equal(args.path, '/api/v1/traces');
    assert.deepEqual(args.body, {
      snapshotId: SNAP,
      from: 'vm-13-13-0-4',
      src: '13.13.0.4',
      dst: '192.169.100.1',
      proto: 'icmp',
      icmpId: 27281,
      roundTrip: true,
      expect: 'DELIVERED',
    });
    assert.deepEqual(args.wait, { kind: 'until-end' });
    const tcp = await parseSubmitArgs([
      'trace',
      '--snapshot',
      SNAP,
      '--from',
      'h',
      '--src',
      '1.1.1.1',
      '--dst',
      '2.2.2.2',
      '--dport',
      '80',
      '--mark',
      '0x10',
    ]);
    assert.deepEqual(tcp.body, { snapshotId: SNAP, from: 'h', src: '1.1.1.1', dst: '2.2.2.2', proto: 'tcp', dport: 80, mark: 16 });
    assert.deepEqual(tcp.wait, { kind: 'none' });
  });

  it('trace: errors of the packet name the submit usage, not the offline one', async () => {
    await assert.rejects(
      parseSubmitArgs(['trace', '--snapshot', SNAP, '--src', '1.1.1.1', '--dst', '2.2.2.2']),
      (e: unknown) => e instanceof UsageError && /--from/.test(e.message) && /usage: hookpath submit trace/.test(e.message),
    );
    await assert.rejects(parseSubmitArgs(['trace', '--snapshot', 'snap-dir', ...PING]), /is not a snapshot id/);
    await assert.rejects(
      parseSubmitArgs(['trace', '--snapshot', SNAP, ...PING, '--expect', 'same-as-base']),
      /same-as-base applies to diffs/,
    );
  });

  it('--wait alone waits until the end, --wait=N at most N seconds; --junit implies waiting', () => {
    assert.deepEqual(extractWait(['--wait=90', '--json']), { wait: { kind: 'seconds', seconds: 90 }, rest: ['--json'] });
    assert.deepEqual(extractWait(['--json']).wait, { kind: 'none' });
    assert.throws(() => extractWait(['--wait', '30']), /--wait=30/);
    assert.throws(() => extractWait(['--wait=0']), UsageError);
    assert.throws(() => extractWait(['--wait=soon']), UsageError);
  });

  it('batch: generators once each, a flows file checked against the flow schema, and --junit waits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hookpath-submit-'));
    try {
      const good = join(dir, 'flows.json');
      await writeFile(good, JSON.stringify([{ from: 'h', src: '1.1.1.1', dst: '2.2.2.2', dport: 443, label: 'web' }]));
      const args = await parseSubmitArgs([
        'batch',
        '--snapshot',
        SNAP,
        '--flows',
        good,
        '--generator',
        'pods-to-outside',
        '--generator',
        'pods-to-outside',
        '--expect',
        'DROPPED',
        '--junit',
        'out.xml',
      ]);
      assert.equal(args.path, '/api/v1/trace-batches');
      assert.deepEqual(args.body, {
        snapshotId: SNAP,
        flows: [{ from: 'h', src: '1.1.1.1', dst: '2.2.2.2', dport: 443, label: 'web' }],
        generators: [{ name: 'pods-to-outside' }],
        expect: 'DROPPED',
      });
      assert.deepEqual(args.wait, { kind: 'until-end' });
      assert.equal(args.junit, 'out.xml');
      const bad = join(dir, 'bad.json');
      await writeFile(bad, JSON.stringify([{ from: 'h', src: '1.1.1.999', dst: '2.2.2.2' }]));
      await assert.rejects(parseSubmitArgs(['batch', '--snapshot', SNAP, '--flows', bad]), /bad\.json.*\n.*flows\.0\.src/);
      await assert.rejects(parseSubmitArgs(['batch', '--snapshot', SNAP, '--flows', join(dir, 'none.json')]), /no such file/);
      await assert.rejects(parseSubmitArgs(['batch', '--snapshot', SNAP]), /needs --flows <file.json>, --generator <name> or both/);
      await assert.rejects(parseSubmitArgs(['batch', '--snapshot', SNAP, '--generator', 'everything']), /unknown generator/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('diff: base and target, same-as-base allowed, the idempotency key kept', async () => {
    const args = await parseSubmitArgs([
      'diff',
      '--base',
      SNAP,
      '--target',
      OTHER,
      '--expect',
      'same-as-base',
      '--idempotency-key',
      'ci-42',
      '--wait=600',
    ]);
    assert.deepEqual(args.body, { baseSnapshotId: SNAP, targetSnapshotId: OTHER, expect: 'same-as-base' });
    assert.equal(args.idempotencyKey, 'ci-42');
    assert.deepEqual(args.wait, { kind: 'seconds', seconds: 600 });
    await assert.rejects(parseSubmitArgs(['diff', '--base', SNAP]), /--target <snapshot id> is required/);
    await assert.rejects(parseSubmitArgs(['graph']), /unknown job kind "graph"/);
  });

  it('--branches all|any says how the expectation reads a trace with branches, for a trace, a batch and a diff', async () => {
    const trace = await parseSubmitArgs(['trace', '--snapshot', SNAP, ...PING, '--expect', 'DROPPED', '--branches', 'ANY']);
    assert.deepEqual([trace.body['expect'], trace.body['branches']], ['DROPPED', 'any']);
    const batch = await parseSubmitArgs([
      'batch',
      '--snapshot',
      SNAP,
      '--generator',
      'pods-to-services',
      '--expect',
      'DELIVERED',
      '--branches',
      'all',
    ]);
    assert.deepEqual(batch.body, { snapshotId: SNAP, generators: [{ name: 'pods-to-services' }], expect: 'DELIVERED', branches: 'all' });
    const diff = await parseSubmitArgs(['diff', '--base', SNAP, '--target', OTHER, '--expect', 'DELIVERED', '--branches', 'any']);
    assert.equal(diff.body['branches'], 'any');
    assert.equal((await parseSubmitArgs(['trace', '--snapshot', SNAP, ...PING])).body['branches'], undefined);
    await assert.rejects(
      parseSubmitArgs(['trace', '--snapshot', SNAP, ...PING, '--branches', 'most']),
      /--branches "most": expected all .* or any/,
    );
  });

  it('the API address and token: flags over the environment, a token is required', () => {
    assert.deepEqual(resolveApiTarget({}, { HOOKPATH_TOKEN: 'hpt_x' }), { baseUrl: 'http://127.0.0.1:3000', token: 'hpt_x' });
    assert.deepEqual(
      resolveApiTarget({ api: 'https://hp.example/', token: 'a' }, { HOOKPATH_API_URL: 'http://other', HOOKPATH_TOKEN: 'b' }),
      { baseUrl: 'https://hp.example', token: 'a' },
    );
    assert.throws(() => resolveApiTarget({}, {}), /HOOKPATH_TOKEN/);
    assert.throws(() => resolveApiTarget({ api: 'ftp://x' }, { HOOKPATH_TOKEN: 't' }), /http/);
  });
});

describe('submit report', () => {
  it('exit statuses: failed expectations 4, a failed or cancelled job 5, a diff that changed 3, still running 6', () => {
    assert.equal(jobExitStatus(job({ expectations: { passed: 3, failed: 0, unchecked: 1 } })), 0);
    assert.equal(jobExitStatus(job({ expectations: { passed: 3, failed: 1, unchecked: 0 } })), EXIT_EXPECTATION_FAILED);
    assert.equal(jobExitStatus(job({ status: 'failed', error: { code: 'TRACE_REQUEST_INVALID', message: 'x' } })), EXIT_JOB_FAILED);
    assert.equal(jobExitStatus(job({ status: 'cancelled' })), EXIT_JOB_FAILED);
    assert.equal(jobExitStatus(job({ status: 'running' })), EXIT_STILL_RUNNING);
    const changed = { behavioural: { totals: { flows: 4, unchanged: 3, changed: 1 } } };
    assert.equal(jobExitStatus(job({ kind: 'diff', result: changed })), 3);
    assert.equal(
      jobExitStatus(job({ kind: 'diff', result: changed, expectations: { passed: 3, failed: 1, unchecked: 0 } })),
      EXIT_EXPECTATION_FAILED,
    );
    assert.equal(jobExitStatus(job({ kind: 'diff', result: { behavioural: { totals: { flows: 4, unchanged: 4, changed: 0 } } } })), 0);
  });

  it('one summary line per job, and a line per failed flow with expected vs outcome', () => {
    assert.equal(
      summaryLine(job({ expectations: { passed: 1, failed: 1, unchecked: 0 } })),
      `batch ${SNAP}: completed, 2/2 flows, expectations 1 passed, 1 failed, 0 unchecked`,
    );
    const trace = job({ kind: 'trace', progress: { done: 1, total: 1 }, result: { disposition: 'DROPPED', dropReason: 'RP_FILTER' } });
    assert.equal(summaryLine(trace), `trace ${SNAP}: completed, 1/1 flow, DROPPED (RP_FILTER), no expectations`);
    const flow = {
      index: 3,
      label: null,
      request: { from: 'h', src: '1.1.1.1', dst: '2.2.2.2' },
      expect: 'DELIVERED',
      passed: false,
      trace: null,
      failedBranches: [],
    };
    assert.equal(
      failedFlowLine('trace-batch', { ...flow, outcome: { disposition: 'EXITED', dropReason: null, roundTrip: { established: false } } }),
      '  FAIL #3 h 1.1.1.1 -> 2.2.2.2: expected DELIVERED, got EXITED, answer does not come back',
    );
    assert.equal(
      failedFlowLine('trace-batch', { ...flow, label: 'x', outcome: { error: 'TRACE_REQUEST_INVALID', message: 'no host' } }),
      '  FAIL x: expected DELIVERED, could not be traced: TRACE_REQUEST_INVALID: no host',
    );
    const diffFlow = {
      ...flow,
      expect: 'same-as-base',
      outcome: {
        base: { disposition: 'EXITED', dropReason: null },
        target: { disposition: 'DROPPED', dropReason: 'RULE' },
        changes: ['disposition'],
      },
    };
    assert.equal(
      failedFlowLine('diff', diffFlow),
      '  FAIL #3 h 1.1.1.1 -> 2.2.2.2: expected same-as-base, base EXITED -> target DROPPED (RULE) (changed: disposition)',
    );
    // seed 004's shape: the one delivered path of three is what fails DROPPED
    const branches = ['10.253.1.139', '10.253.3.5', '10.253.4.194'].map((ip, i) => ({
      branch: i + 1,
      choices: `node ipvs ${ip}:8000`,
      disposition: i === 2 ? 'DELIVERED' : 'DROPPED',
    }));
    const branched = {
      ...flow,
      expect: 'DROPPED',
      failedBranches: [3],
      outcome: { disposition: 'DROPPED', dropReason: 'NO_NEIGHBOR', branches },
    };
    assert.equal(
      failedFlowLine('trace-batch', branched),
      '  FAIL #3 h 1.1.1.1 -> 2.2.2.2: expected DROPPED, got DROPPED (NO_NEIGHBOR); 1 of 3 branches did not: 3 (node ipvs 10.253.4.194:8000)',
    );
  });
});
