import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSnapshot } from '@hookpath/parsers';
import { readSnapshotDirectory } from '@hookpath/snapshot-io';
import { REPO_ROOT, runCli } from './trace-cli-runner';
import { NB_SCHEMA, SB_SCHEMA, startOvnDatabases, type OvnDatabases } from './ovn-databases.testing';

/**
 * kubectl hookpath collect on a node running Open vSwitch: a real ovsdb-server with the vswitch
 * schema (no ovs-vswitchd: its Interface rows are what kube-ovn's CNI writes, the node's veth ends
 * with external_ids:iface-id naming each pod's logical switch port), reached by the node's own
 * ovs-vsctl through the fake cluster's `chroot /host`; and kube-ovn's OVN databases with ovn-northd,
 * in the fake ovn-central pod. The snapshot holds the node's ovs-interfaces.json, and the parser
 * derives the OVN bindings from it (SNAPSHOT-LAYOUT.md, "Where OVN meets the Linux hosts"), so a
 * trace crosses from one pod into OVN and out to the other.
 */

const FAKE_KUBECTL = resolve(REPO_ROOT, 'test/fixtures/fake-kubectl');
const PLUGIN = resolve(REPO_ROOT, 'apps/cli/bin/kubectl-hookpath.js');
const VSWITCH_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

/** Why this cannot run here (.ci/run installs openvswitch-switch and ovn-central), or false. */
function unavailable(): string | false {
  if (process.getuid?.() !== 0 || spawnSync('ip', ['netns', 'list']).status !== 0) return 'needs root and ip netns';
  for (const bin of ['ovsdb-server', 'ovsdb-tool', 'ovsdb-client', 'ovs-vsctl', 'ovn-northd', 'ovn-nbctl', 'ovn-sbctl'])
    if (spawnSync(bin, ['--version'], { stdio: 'ignore' }).error !== undefined) return `${bin} is not installed`;
  for (const schema of [VSWITCH_SCHEMA, NB_SCHEMA, SB_SCHEMA]) if (!existsSync(schema)) return `no ${schema}`;
  return false;
}

const NODE = 'hpko-node';
const PODS = [
  { name: 'hpko-pod-a', veth: 'pa_h', ip: '10.78.0.2' },
  { name: 'hpko-pod-b', veth: 'pb_h', ip: '10.78.0.3' },
] as const;
const CHASSIS = '6f1d2c3b-4a59-4e8d-9c7b-2a1e0f3d5c41';
/** Named after this process: two runs at once never delete each other's namespaces. */
const netnsOf = (host: string): string => `${host}-${process.pid}`;
const lsp = (pod: string): string => `${pod}.default`;

function sh(cmd: string): string {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
  return r.stdout;
}

const appears = async (path: string): Promise<void> => {
  for (let i = 0; i < 300 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(existsSync(path), `${path} did not appear`);
};

describe('kubectl hookpath collect: a node running Open vSwitch and kube-ovn', { skip: unavailable() }, () => {
  const dirs: string[] = [];
  const daemons: ChildProcess[] = [];
  const sandboxes: ChildProcess[] = [];
  const scratch = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  let ovsRun = '';
  let ovnRun = '';
  let ovnDbs: OvnDatabases | undefined;
  const macs = new Map<string, string>();

  const daemon = (cmd: string, args: string[], env: NodeJS.ProcessEnv): void => {
    daemons.push(spawn(cmd, args, { env: { ...process.env, ...env }, stdio: 'ignore' }));
  };
  const tool = (cmd: string, args: string[], env: NodeJS.ProcessEnv): string => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
    assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const vsctl = (...args: string[]): string => tool('ovs-vsctl', [`--db=unix:${join(ovsRun, 'db.sock')}`, ...args], {});
  const ovnEnv = (): NodeJS.ProcessEnv => ({ OVN_RUNDIR: ovnRun, OVS_RUNDIR: ovnRun });

  before(async () => {
    // The node and two pods, each behind a veth pair whose node end kube-ovn plugs into br-int.
    const node = netnsOf(NODE);
    for (const ns of [node, ...PODS.map((p) => netnsOf(p.name))]) {
      spawnSync('ip', ['netns', 'del', ns]);
      sh(`ip netns add ${ns} && ip -n ${ns} link set lo up`);
    }
    for (const p of PODS) {
      const ns = netnsOf(p.name);
      sh(`ip link add eth0 netns ${ns} type veth peer name ${p.veth} netns ${node}`);
      sh(`ip -n ${ns} addr add ${p.ip}/24 dev eth0 && ip -n ${ns} link set eth0 up && ip -n ${node} link set ${p.veth} up`);
      macs.set(p.name, sh(`ip netns exec ${ns} cat /sys/class/net/eth0/address`).trim());
      sandboxes.push(spawn('ip', ['netns', 'exec', ns, 'sleep', '600'], { stdio: 'ignore' }));
    }

    // The node's Open vSwitch database, as kube-ovn's CNI leaves it.
    ovsRun = scratch('hpko-ovs-');
    tool('ovsdb-tool', ['create', join(ovsRun, 'conf.db'), VSWITCH_SCHEMA], {});
    daemon(
      'ovsdb-server',
      [
        '--no-chdir',
        `--log-file=${join(ovsRun, 'ovsdb-server.log')}`,
        `--remote=punix:${join(ovsRun, 'db.sock')}`,
        `--unixctl=${join(ovsRun, 'ovsdb-server.ctl')}`,
        join(ovsRun, 'conf.db'),
      ],
      { OVS_RUNDIR: ovsRun },
    );
    await appears(join(ovsRun, 'db.sock'));
    vsctl('--no-wait', 'init');
    vsctl('--no-wait', 'set', 'Open_vSwitch', '.', `external_ids:system-id=${CHASSIS}`, `external_ids:hostname=${NODE}`);
    vsctl('--no-wait', 'add-br', 'br-int');
    for (const p of PODS) {
      vsctl(
        '--no-wait',
        'add-port',
        'br-int',
        p.veth,
        '--',
        'set',
        'Interface',
        p.veth,
        `external_ids:iface-id=${lsp(p.name)}`,
        `external_ids:attached-mac="${macs.get(p.name) ?? ''}"`,
        `external_ids:ip=${p.ip}`,
        `external_ids:pod_name=${p.name}`,
        'external_ids:pod_namespace=default',
      );
    }

    // kube-ovn's OVN: the pods' logical switch, its ports, the node's chassis binding them.
    ovnRun = scratch('hpko-ovn-');
    ovnDbs = await startOvnDatabases(ovnRun);
    tool('ovn-nbctl', ['ls-add', 'ovn-default'], ovnEnv());
    for (const p of PODS) {
      tool(
        'ovn-nbctl',
        ['lsp-add', 'ovn-default', lsp(p.name), '--', 'lsp-set-addresses', lsp(p.name), `${macs.get(p.name) ?? ''} ${p.ip}`],
        ovnEnv(),
      );
    }
    tool('ovn-nbctl', ['--timeout=30', '--wait=sb', 'sync'], ovnEnv());
    tool('ovn-sbctl', ['chassis-add', CHASSIS, 'geneve', '127.0.0.1'], ovnEnv());
    tool('ovn-sbctl', ['set', 'Chassis', CHASSIS, `hostname=${NODE}`], ovnEnv());
    for (const p of PODS) tool('ovn-sbctl', ['lsp-bind', lsp(p.name), CHASSIS], ovnEnv());
  });

  after(() => {
    ovnDbs?.stop();
    for (const child of [...sandboxes, ...daemons]) child.kill('SIGKILL');
    for (const ns of [NODE, ...PODS.map((p) => p.name)]) spawnSync('ip', ['netns', 'del', netnsOf(ns)]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** The fake cluster: the node (its programs see its OVS through OVS_RUNDIR), the pods, the ovn-central pod. */
  function fakeCluster(): { dir: string; env: NodeJS.ProcessEnv } {
    const dir = scratch('hpko-cluster-');
    const cluster = {
      context: 'hpko-lab',
      nodes: [
        {
          name: NODE,
          uid: '5d0a8f0e-3333-4b7a-9a51-0c8e2f6d7a33',
          netns: netnsOf(NODE),
          internalIP: '192.168.78.11',
          podCIDR: '10.78.0.0/24',
          env: { OVS_RUNDIR: ovsRun },
        },
      ],
      pods: [
        ...PODS.map((p, i) => ({
          namespace: 'default',
          name: p.name,
          uid: `0b0e${i}c1a-7d6e-4a8b-9c2f-1e5d3a7b9c0${i}`,
          node: NODE,
          netns: netnsOf(p.name),
          labels: { app: p.name },
          ip: p.ip,
          hostIP: '192.168.78.11',
          sandbox: `${String(i + 1).repeat(8)}f1e2d3c4b5a69788${String(i + 1).repeat(40)}`,
          pid: sandboxes[i]?.pid,
        })),
        {
          namespace: 'kube-system',
          name: 'ovn-central-6d5f7c9b8-x2k4p',
          uid: '7f3e2d1c-0000-4000-8000-0000000000c1',
          node: NODE,
          hostNetwork: true,
          labels: { app: 'ovn-central' },
          container: 'ovn-central',
          env: { OVN_RUNDIR: ovnRun },
          ip: '192.168.78.11',
          hostIP: '192.168.78.11',
        },
      ],
      lists: { services: [], 'endpointslices.discovery.k8s.io': [] },
      apiResources: [],
      faults: [],
    };
    writeFileSync(join(dir, 'cluster.json'), JSON.stringify(cluster, null, 2));
    return { dir, env: { ...process.env, PATH: `${FAKE_KUBECTL}:${process.env.PATH ?? ''}`, HOOKPATH_FAKE_CLUSTER: dir } };
  }

  it("captures the node's ovs-interfaces.json; the OVN bindings derived from it carry a trace from pod to pod through OVN", async () => {
    const cluster = fakeCluster();
    const out = join(scratch('hpko-snap-'), 'ovs');
    const run = spawnSync(process.execPath, [PLUGIN, 'collect', '--pods', PODS.map((p) => p.name).join(','), '--out', out], {
      encoding: 'utf8',
      env: cluster.env,
      timeout: 120_000,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(
      run.stdout,
      /^OVN: 2 logical switch ports bound to captured interfaces, 1 chassis mapped to nodes \(derived from ovs-interfaces\.json and ovn\/sbctl-show\.txt\)$/m,
    );
    assert.doesNotMatch(run.stdout, /no logical switch port bound/);

    // The node's Interface table, as its ovs-vsctl prints it; none in the pods.
    const file = (path: string): string => readFileSync(join(out, path), 'utf8');
    assert.equal(file(`hosts/${NODE}/ovs-interfaces.json`), vsctl('-f', 'json', 'list', 'Interface'));
    assert.match(file(`hosts/${NODE}/ovs-interfaces.json`), /"iface-id","hpko-pod-a\.default"/);
    for (const p of PODS) assert.equal(existsSync(join(out, 'hosts', lsp(p.name), 'ovs-interfaces.json')), false);
    assert.doesNotMatch(file(`hosts/${NODE}/meta.yaml`), /ovs-interfaces/);
    assert.match(file('ovn/sbctl-show.txt'), new RegExp(`Chassis "${CHASSIS}"\\n\\s+hostname: ${NODE}`));
    const calls = readFileSync(join(cluster.dir, 'calls.jsonl'), 'utf8');
    assert.match(calls, /chroot \/host ovs-vsctl -f json list Interface/, "the node's script runs the node's ovs-vsctl");

    // topology.yaml holds what only the plugin knows (the pods' veth pairs); the bindings are derived
    // by the parser from the captured files, and marked so in the model and in the trace.
    assert.doesNotMatch(file('topology.yaml'), /^ovn:/m);
    const { model, errors } = parseSnapshot(await readSnapshotDirectory(out));
    assert.deepEqual(errors, []);
    assert.deepEqual(
      model.topology.ovn?.ports.map((b) => [b.port, `${b.endpoint.host}:${b.endpoint.iface}`, b.source]).sort(),
      PODS.map((p) => [lsp(p.name), `${lsp(p.name)}:eth0`, 'derived']),
    );
    assert.deepEqual(model.topology.ovn?.chassis, { [CHASSIS]: NODE });

    const trace = runCli([
      'trace',
      out,
      '--from',
      lsp('hpko-pod-a'),
      '--src',
      '10.78.0.2',
      '--dst',
      '10.78.0.3',
      '-p',
      'tcp',
      '--dport',
      '8080',
    ]);
    assert.equal(trace.status, 0, trace.stderr);
    assert.match(trace.stdout, /^result DELIVERED at hpko-pod-b\.default, /m);
    const derived = '\\(derived from ovs-interfaces\\.json and sbctl-show\\.txt\\)';
    assert.match(
      trace.stdout,
      new RegExp(
        `leaves hpko-pod-a\\.default by eth0 .*into OVN logical switch ovn-default at port hpko-pod-a\\.default, the port bound to hpko-pod-a\\.default:eth0 ${derived}`,
      ),
    );
    assert.match(trace.stdout, new RegExp(`hpko-pod-b\\.default is hpko-pod-b\\.default:eth0 ${derived}: the frame arrives there`));
  });

  it('a node without Open vSwitch: no ovs-interfaces.json and no warning; the summary names the pod OVN does not reach', () => {
    const cluster = fakeCluster();
    const description = JSON.parse(readFileSync(join(cluster.dir, 'cluster.json'), 'utf8')) as { nodes: { env?: unknown }[] };
    for (const n of description.nodes) delete n.env;
    writeFileSync(join(cluster.dir, 'cluster.json'), JSON.stringify(description));
    const out = join(scratch('hpko-snap-'), 'no-ovs');
    const run = spawnSync(process.execPath, [PLUGIN, 'collect', '--pods', 'hpko-pod-a', '--out', out], {
      encoding: 'utf8',
      env: cluster.env,
      timeout: 120_000,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.equal(existsSync(join(out, 'hosts', NODE, 'ovs-interfaces.json')), false);
    assert.doesNotMatch(run.stderr, /ovs/i);
    assert.equal(readFileSync(join(out, 'hosts', NODE, 'meta.yaml'), 'utf8'), 'role: node\n');
    assert.match(run.stdout, /^OVN: 0 logical switch ports bound to captured interfaces, 1 chassis mapped to nodes /m);
    assert.match(run.stdout, /^OVN: no logical switch port bound to hpko-pod-a\.default \(/m);
  });
});
