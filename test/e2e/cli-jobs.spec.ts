import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JobDto, SnapshotCreatedDto } from '@hookpath/contracts';
import {
  EXAMPLES_DIR,
  freePort,
  packFolder,
  REDIS_URL,
  ROOT,
  runCli,
  startTestApp,
  WorkerProcess,
  type CliRun,
  type TestApp,
} from '../support';

const BIN = join(ROOT, 'apps', 'cli', 'bin', 'hookpath.js');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The running ping of seed 000 (its conntrack entry predates the EIP) and a new one. */
const OLD_PING = ['--from', 'vm-13-13-0-4', '--src', '13.13.0.4', '--dst', '192.169.100.1', '-p', 'icmp', '--icmp-id', '27281'];
const NEW_PING = ['--from', 'vm-13-13-0-4', '--src', '13.13.0.4', '--dst', '192.169.100.1', '-p', 'icmp', '--icmp-id', '1'];

/** The real `hookpath` binary as a child process. */
const hookpath = (args: string[], env: Record<string, string | undefined>): Promise<CliRun> =>
  runCli(BIN, args, env, ['HOOKPATH_API_URL', 'HOOKPATH_TOKEN', 'FORCE_COLOR', 'NO_COLOR']);

describe('hookpath upload / submit against the API and a real worker', () => {
  let t: TestApp;
  let worker: WorkerProcess;
  let env: Record<string, string>;
  let tmp: string;
  let after000: string;
  let before000: string;

  const cli = (args: string[], extra: Record<string, string | undefined> = {}): Promise<CliRun> => hookpath(args, { ...env, ...extra });
  const show = (run: CliRun): string => `exit ${run.status}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;

  before(async () => {
    t = await startTestApp();
    worker = WorkerProcess.spawn({ databaseUrl: t.db.url, redisUrl: REDIS_URL, queuePrefix: t.queuePrefix, name: 'w-cli' });
    await worker.ready();
    env = { HOOKPATH_API_URL: t.baseUrl, HOOKPATH_TOKEN: t.writeToken };
    tmp = await mkdtemp(join(tmpdir(), 'hookpath-cli-jobs-'));
  });

  after(async () => {
    await worker?.stop();
    await t?.close();
    if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
  });

  it('upload: a folder (JSON files map) prints the id alone; a .tar.gz (multipart) with --json prints the stored snapshot', async () => {
    const folder = await cli(['upload', join(EXAMPLES_DIR, '000-vpc-nat-gw-eip')]);
    assert.equal(folder.status, 0, show(folder));
    after000 = folder.stdout.trim();
    assert.match(after000, UUID);
    assert.match(folder.stderr, /stored: snapshot "000-vpc-nat-gw-eip"/);

    const archive = join(tmp, 'before.tar.gz');
    await writeFile(archive, await packFolder(join(EXAMPLES_DIR, '000-vpc-nat-gw-eip-before'), '000-vpc-nat-gw-eip-before'));
    const packed = await cli(['upload', archive, '--name', 'seed 000 before', '--json']);
    assert.equal(packed.status, 0, show(packed));
    const created = JSON.parse(packed.stdout) as SnapshotCreatedDto;
    assert.match(created.id, UUID);
    assert.equal(created.name, 'seed 000 before');
    assert.equal(created.existing, false);
    assert.ok(created.hosts.includes('vm-13-13-0-4'), created.hosts.join(','));
    before000 = created.id;
    assert.notEqual(before000, after000);

    // The same content through the other upload form is the same snapshot.
    const again = await cli(['upload', join(EXAMPLES_DIR, '000-vpc-nat-gw-eip-before'), '--json']);
    assert.equal(again.status, 0, show(again));
    assert.equal((JSON.parse(again.stdout) as SnapshotCreatedDto).id, before000);
    assert.equal((JSON.parse(again.stdout) as SnapshotCreatedDto).existing, true);
  });

  it('submit trace: the running ping expected DELIVERED on a round trip fails its expectation (exit 4); a new ping passes (exit 0)', async () => {
    const old = await cli(['submit', 'trace', '--snapshot', after000, ...OLD_PING, '--round-trip', '--expect', 'DELIVERED', '--wait']);
    assert.equal(old.status, 4, show(old));
    assert.match(old.stdout, new RegExp(`^trace ${UUID.source.slice(1, -1)}: completed, 1/1 flow, `));
    assert.match(old.stdout, /answer does not come back/);
    assert.match(old.stdout, /expectations 0 passed, 1 failed, 0 unchecked/);

    const fresh = await cli([
      'submit',
      'trace',
      '--snapshot',
      after000,
      ...NEW_PING,
      '--round-trip',
      '--expect',
      'DELIVERED',
      '--wait',
      '--json',
    ]);
    assert.equal(fresh.status, 0, show(fresh));
    const job = JSON.parse(fresh.stdout) as JobDto;
    assert.equal(job.kind, 'trace');
    assert.equal(job.status, 'completed');
    assert.deepEqual(job.expectations, { passed: 1, failed: 0, unchecked: 0 });
    // the EIP's SNAT applies to the new ping
    assert.equal((job.result as { end: { packet: { src: string } } }).end.packet.src, '192.169.100.2');
  });

  it('submit trace from a host the snapshot lacks: the job fails (exit 5) and its error code is printed', async () => {
    const run = await cli(['submit', 'trace', '--snapshot', after000, ...NEW_PING.slice(2), '--from', 'no-such-host', '--wait']);
    assert.equal(run.status, 5, show(run));
    assert.match(run.stderr, /trace job [0-9a-f-]{36} failed: TRACE_REQUEST_INVALID: .*no-such-host/);
  });

  it('submit batch --generator outside-to-exposed --junit: exit 0 and a JUnit file with a testcase per flow', async () => {
    const junit = join(tmp, 'batch.xml');
    const run = await cli([
      'submit',
      'batch',
      '--snapshot',
      after000,
      '--generator',
      'outside-to-exposed',
      '--junit',
      junit,
      '--json',
      '--progress',
    ]);
    assert.equal(run.status, 0, show(run));
    const job = JSON.parse(run.stdout) as JobDto;
    assert.equal(job.kind, 'trace-batch');
    assert.equal(job.status, 'completed');
    assert.equal(job.expectations, null);
    assert.match(run.stderr, new RegExp(`trace-batch ${job.id}: completed ${job.progress.total}/${job.progress.total}`));
    const xml = await readFile(junit, 'utf8');
    assert.match(xml, /^<\?xml /);
    assert.match(xml, /<testsuite[ >]/);
    const cases = xml.match(/<testcase /g) ?? [];
    assert.equal(cases.length, 1, xml);
    assert.equal(job.progress.total, 1);
  });

  it('submit batch with a flows file expected DELIVERED: exit 4 and the failed flow listed with expected vs outcome', async () => {
    const flows = join(tmp, 'flows.json');
    const ping = { from: 'vm-13-13-0-4', src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', roundTrip: true };
    await writeFile(
      flows,
      JSON.stringify([
        { ...ping, icmpId: 1, label: 'new ping' },
        { ...ping, icmpId: 27281, label: 'old ping' },
      ]),
    );
    const run = await cli(['submit', 'batch', '--snapshot', after000, '--flows', flows, '--expect', 'DELIVERED', '--wait']);
    assert.equal(run.status, 4, show(run));
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^batch [0-9a-f-]{36}: completed, 2\/2 flows, expectations 1 passed, 1 failed, 0 unchecked$/);
    assert.equal(lines.length, 2, run.stdout);
    assert.match(lines[1] ?? '', /^ {2}FAIL old ping: expected DELIVERED, got DELIVERED, answer does not come back$/);
  });

  it('submit diff before -> after with --json: flows changed behaviour, none asserted (exit 3, as hookpath diff)', async () => {
    const run = await cli(['submit', 'diff', '--base', before000, '--target', after000, '--json', '--wait']);
    assert.equal(run.status, 3, show(run));
    const job = JSON.parse(run.stdout) as JobDto;
    assert.equal(job.kind, 'diff');
    assert.equal(job.status, 'completed');
    assert.equal(job.expectations, null);
    const result = job.result as { baseSnapshotId: string; behavioural: { totals: { changed: number } } };
    assert.equal(result.baseSnapshotId, before000);
    assert.ok(result.behavioural.totals.changed > 0);
  });

  it('submit diff --expect same-as-base: the changed flows fail (exit 4) and are listed with both outcomes', async () => {
    const run = await cli(['submit', 'diff', '--base', before000, '--target', after000, '--expect', 'same-as-base', '--wait']);
    assert.equal(run.status, 4, show(run));
    const [summary, ...failed] = run.stdout.trim().split('\n');
    const counts = /expectations (\d+) passed, (\d+) failed/.exec(summary ?? '');
    assert.ok(counts !== null, run.stdout);
    assert.ok(Number(counts[2]) > 0);
    assert.equal(failed.length, Math.min(20, Number(counts[2])));
    for (const line of failed) assert.match(line, /^ {2}FAIL .+: expected same-as-base, base .+ -> target .+ \(changed: /);
  });

  it('API errors: an unknown snapshot (404) and a read token (403) exit 2 with the code and the fix', async () => {
    const missing = await cli(['submit', 'trace', '--snapshot', '00000000-0000-4000-8000-000000000000', ...NEW_PING, '--wait']);
    assert.equal(missing.status, 2, show(missing));
    assert.match(missing.stderr, /SNAPSHOT_NOT_FOUND \(HTTP 404\)/);
    assert.match(missing.stderr, /fix: GET \/api\/v1\/snapshots lists the stored snapshots/);
    const readOnly = await cli(['upload', join(EXAMPLES_DIR, '000-vpc-nat-gw-eip')], { HOOKPATH_TOKEN: t.readToken });
    assert.equal(readOnly.status, 2, show(readOnly));
    assert.match(readOnly.stderr, /INSUFFICIENT_SCOPE \(HTTP 403\)/);
  });

  it('usage: no token is exit 2 with what to set; an unreachable API is exit 1, retryable', async () => {
    const noToken = await cli(['submit', 'trace', '--snapshot', after000, ...NEW_PING], { HOOKPATH_TOKEN: undefined });
    assert.equal(noToken.status, 2, show(noToken));
    assert.match(noToken.stderr, /an API token is required: pass --token <token> or set HOOKPATH_TOKEN/);
    assert.equal(noToken.stdout, '');

    const port = await freePort();
    const down = await cli(['upload', join(EXAMPLES_DIR, '000-vpc-nat-gw-eip'), '--api', `http://127.0.0.1:${port}`]);
    assert.equal(down.status, 1, show(down));
    assert.match(
      down.stderr,
      new RegExp(`network error: cannot reach the API at http://127\\.0\\.0\\.1:${port}/api/v1/snapshots: ECONNREFUSED`),
    );
    assert.match(down.stderr, /may be retried/);
  });
});
