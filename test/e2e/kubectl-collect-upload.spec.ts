import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SnapshotDetailDto } from '@hookpath/contracts';
import { ROOT, runCli, startTestApp, type CliRun, type TestApp } from '../support';

const PLUGIN = join(ROOT, 'apps', 'cli', 'bin', 'kubectl-hookpath.js');
const FAKE_KUBECTL = join(ROOT, 'test', 'fixtures', 'fake-kubectl');
const KUBECONFIG = '/etc/hpup/kubeconfig';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const isRoot = process.getuid?.() === 0 && spawnSync('ip', ['netns', 'list']).status === 0;

/** Network namespaces of this process: a node and a pod on it behind a veth pair. */
const NODE_NS = `hpup-node-${process.pid}`;
const POD_NS = `hpup-pod-${process.pid}`;

function sh(cmd: string): void {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
}

type Run = CliRun;

/** `kubectl hookpath collect` against the fake cluster (test/fixtures/fake-kubectl). */
const plugin = (args: string[], env: Record<string, string | undefined>): Promise<Run> =>
  runCli(PLUGIN, args, { ...env, PATH: `${FAKE_KUBECTL}:${process.env.PATH ?? ''}` });

describe('kubectl hookpath collect --upload: straight into the API', { skip: isRoot ? false : 'needs root and ip netns' }, () => {
  let t: TestApp;
  let tmp: string;
  let sandbox: ChildProcess | undefined;
  let cluster: string;
  const show = (run: Run): string => `exit ${run.status}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;

  before(async () => {
    for (const ns of [NODE_NS, POD_NS]) {
      spawnSync('ip', ['netns', 'del', ns]);
      sh(`ip netns add ${ns} && ip -n ${ns} link set lo up`);
    }
    sh(
      `ip -n ${NODE_NS} link add eth0 type veth peer name lan0 && ip -n ${NODE_NS} link set lan0 up && ip -n ${NODE_NS} addr add 192.168.88.11/24 dev eth0 && ip -n ${NODE_NS} link set eth0 up`,
    );
    sh(`ip link add eth0 netns ${POD_NS} type veth peer name veth-web netns ${NODE_NS}`);
    sh(
      `ip -n ${POD_NS} addr add 10.88.1.2/24 dev eth0 && ip -n ${POD_NS} link set eth0 up && ip -n ${POD_NS} route add default via 10.88.1.1`,
    );
    sh(`ip -n ${NODE_NS} addr add 10.88.1.1/24 dev veth-web && ip -n ${NODE_NS} link set veth-web up`);
    sandbox = spawn('ip', ['netns', 'exec', POD_NS, 'sleep', '600'], { stdio: 'ignore' });
    tmp = mkdtempSync(join(tmpdir(), 'hookpath-collect-upload-'));
    cluster = join(tmp, 'cluster');
    sh(`mkdir -p ${cluster}`);
    writeFileSync(
      join(cluster, 'cluster.json'),
      JSON.stringify({
        context: 'hpup-prod',
        kubeconfig: KUBECONFIG,
        nodes: [
          {
            name: 'hpup-worker',
            uid: '5d0a8f0e-3333-4b7a-9a51-0c8e2f6d7a33',
            netns: NODE_NS,
            internalIP: '192.168.88.11',
            podCIDR: '10.88.1.0/24',
          },
        ],
        pods: [
          {
            namespace: 'hpup-shop',
            name: 'hpup-web-0',
            uid: '0b0e9c1a-7d6e-4a8b-9c2f-1e5d3a7b9c09',
            node: 'hpup-worker',
            netns: POD_NS,
            labels: { app: 'web' },
            ip: '10.88.1.2',
            hostIP: '192.168.88.11',
            sandbox: `${'9'.repeat(8)}f1e2d3c4b5a69788${'9'.repeat(40)}`,
            pid: sandbox.pid,
          },
        ],
        lists: { services: [], 'endpointslices.discovery.k8s.io': [] },
        apiResources: [],
        faults: [],
      }),
    );
    t = await startTestApp();
  });

  after(async () => {
    sandbox?.kill('SIGKILL');
    for (const ns of [NODE_NS, POD_NS]) spawnSync('ip', ['netns', 'del', ns]);
    await t?.close();
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  });

  const collect = (out: string, extra: string[], env: Record<string, string | undefined>): Promise<Run> =>
    plugin(['collect', '--kubeconfig', KUBECONFIG, '--pods', 'hpup-shop/hpup-web-0', '--out', out, ...extra], {
      HOOKPATH_FAKE_CLUSTER: cluster,
      ...env,
    });

  it('--upload --redact all: the redacted archive is stored by the API under its placeholders, and stays on disk', async () => {
    const out = join(tmp, 'prod.tar.gz');
    const run = await collect(out, ['--upload', '--redact', 'all'], { HOOKPATH_API_URL: t.baseUrl, HOOKPATH_TOKEN: t.writeToken });
    assert.equal(run.status, 0, show(run));
    const id = new RegExp(`^uploaded: snapshot "prod" (${UUID.source}) \\(${t.baseUrl}/api/v1/snapshots/\\1\\)$`, 'm').exec(
      run.stdout,
    )?.[1];
    assert.ok(id !== undefined, show(run));
    assert.match(run.stderr, new RegExp(`uploading ${out} to ${t.baseUrl}`));
    assert.ok(existsSync(out));

    const res = await fetch(`${t.baseUrl}/api/v1/snapshots/${id}`, { headers: { authorization: `Bearer ${t.readToken}` } });
    assert.equal(res.status, 200);
    const stored = (await res.json()) as SnapshotDetailDto;
    assert.deepEqual(stored.hosts.map((h) => h.name).sort(), ['node-1', 'pod-1.ns-1']);
    assert.equal(stored.name, 'prod');
    assert.equal(stored.cluster, 'hpup-prod');
    assert.ok(
      !JSON.stringify(stored).includes('hpup-web-0') && !JSON.stringify(stored).includes('hpup-worker'),
      'no original name reached the API',
    );

    // A folder, with --api and --token instead of the environment.
    const folder = join(tmp, 'prod-dir');
    const again = await collect(folder, ['--upload', '--api', t.baseUrl, '--token', t.writeToken, '--quiet'], {});
    assert.equal(again.status, 0, show(again));
    assert.match(again.stdout, new RegExp(`^uploaded: snapshot "prod-dir" ${UUID.source} `, 'm'));
    assert.equal(again.stderr, '', '--quiet');
  });

  it('a token the API refuses: status 2 with its answer, the snapshot kept with the command that sends it', async () => {
    const out = join(tmp, 'refused.tar.gz');
    const run = await collect(out, ['--upload'], { HOOKPATH_API_URL: t.baseUrl, HOOKPATH_TOKEN: 'not-a-token' });
    assert.equal(run.status, 2, show(run));
    assert.match(run.stderr, /UNAUTHENTICATED \(HTTP 401\)/);
    assert.match(run.stderr, new RegExp(`${out} is written but not uploaded; send it with: hookpath upload ${out} --name "refused"`));
    assert.ok(existsSync(out));
  });

  it('no token at all: status 2 before anything runs in the cluster', async () => {
    const out = join(tmp, 'no-token.tar.gz');
    const run = await collect(out, ['--upload'], { HOOKPATH_API_URL: t.baseUrl });
    assert.equal(run.status, 2, show(run));
    assert.match(run.stderr, /an API token is required: pass --token <token> or set HOOKPATH_TOKEN/);
    assert.equal(existsSync(out), false);
    const calls = existsSync(join(cluster, 'calls.jsonl')) ? readFileSync(join(cluster, 'calls.jsonl'), 'utf8').trim().split('\n') : [];
    const before = calls.length;
    const again = await collect(join(tmp, 'no-token-2'), ['--upload'], { HOOKPATH_API_URL: t.baseUrl });
    assert.equal(again.status, 2);
    const after = existsSync(join(cluster, 'calls.jsonl')) ? readFileSync(join(cluster, 'calls.jsonl'), 'utf8').trim().split('\n') : [];
    assert.equal(after.length, before, 'kubectl was not run');
  });
});
