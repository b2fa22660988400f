import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSnapshot } from '@hookpath/parsers';
import { readSnapshotDirectory, readSnapshotPath } from '@hookpath/snapshot-io';

const readSnapshot = async (dir: string) => parseSnapshot(await readSnapshotDirectory(dir));
import { documentedCommands, FIRST_WAIT_SECONDS, hostBatchScript, nodeBatchScript } from '../collect/kubectl/kubectl-commands';
import { REPO_ROOT, runCli, type CliRun } from './trace-cli-runner';
import { createOvnPki, NB_SCHEMA, SB_SCHEMA, startOvnDatabases } from './ovn-databases.testing';

const FAKE_KUBECTL = resolve(REPO_ROOT, 'test/fixtures/fake-kubectl');

/** Temporary folders of this file, removed when it ends. */
const scratchDirs: string[] = [];
const scratch = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});
const PLUGIN = resolve(REPO_ROOT, 'apps/cli/bin/kubectl-hookpath.js');
const DOCUMENTED = resolve(REPO_ROOT, 'docs/kubectl-hookpath-commands.txt');

describe('kubectl hookpath collect: the documented commands', () => {
  it('docs/kubectl-hookpath-commands.txt is the list the code builds', () => {
    assert.equal(
      readFileSync(DOCUMENTED, 'utf8'),
      documentedCommands(),
      'regenerate the file from documentedCommands() (kubectl-commands.ts)',
    );
  });
});

describe('kubectl hookpath collect: help', () => {
  it('hookpath --help and kubectl hookpath collect --help name the plugin, --kubeconfig and the options', () => {
    const help = runCli(['--help']);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^  kubectl hookpath collect --out <dir\|file\.tar\.gz> \[--kubeconfig <file>\]/m);
    assert.match(help.stdout, /also hookpath collect --kubeconfig/);
    const plugin = spawnSync(process.execPath, [PLUGIN, 'collect', '--help'], { encoding: 'utf8' });
    assert.equal(plugin.status, 0, plugin.stderr);
    for (const option of ['--redact', '--nb <address>', '--sb <address>', '--upload', '--api <url>', '--token <token>', '--quiet'])
      assert.ok(help.stdout.includes(option) && plugin.stdout.includes(option), option);
    assert.match(plugin.stdout, /then hookpath trace snap\.tar\.gz/);
  });
});

describe('kubectl hookpath collect: arguments', () => {
  const cases: [string, string[], RegExp][] = [
    ['no --out', ['collect', '--context', 'x'], /--out <dir\|file\.tar\.gz> is required/],
    [
      'a pod named with two slashes',
      ['collect', '--out', '/tmp/x', '--pods', 'a/b/c'],
      /--pods "a\/b\/c": expected <namespace>\/<name> or <name>/,
    ],
    [
      'a timeout that is not a number',
      ['collect', '--out', '/tmp/x', '--context', 'c', '--timeout', '5s'],
      /--timeout "5s": expected a whole number above 0/,
    ],
    ['an empty --nodes', ['collect', '--out', '/tmp/x', '--nodes', ','], /--nodes names no node/],
    [
      '--nodes with --node-selector',
      ['collect', '--out', '/tmp/x', '--nodes', 'a', '--node-selector', 'x=y'],
      /give --nodes or --node-selector, not both/,
    ],
    [
      '--redact of an unknown kind',
      ['collect', '--out', '/tmp/x', '--context', 'c', '--redact', 'svc:web'],
      /--redact "svc:web": unknown kind "svc"/,
    ],
    ['--redact of a built-in namespace', ['collect', '--out', '/tmp/x', '--context', 'c', '--redact', 'ns:default'], /identifies nothing/],
    [
      '--redact of a file that is not there',
      ['collect', '--out', '/tmp/x', '--context', 'c', '--redact', '@/nonexistent/names'],
      /cannot read/,
    ],
    ['--sb without --nb', ['collect', '--out', '/tmp/x', '--context', 'c', '--sb', 'tcp:127.0.0.1:6642'], /--sb needs --nb/],
    [
      '--nb that is not an OVSDB address',
      ['collect', '--out', '/tmp/x', '--context', 'c', '--nb', '10.0.0.5:6641'],
      /expected tcp:<ip>:<port>/,
    ],
    [
      '--nb ssl: without the key files',
      ['collect', '--out', '/tmp/x', '--context', 'c', '--nb', 'ssl:10.0.0.5:6641'],
      /an ssl: OVN address needs --ovn-private-key/,
    ],
    [
      '--nb ssl: with a key file that is not there',
      [
        'collect',
        '--out',
        '/tmp/x',
        '--context',
        'c',
        '--nb',
        'ssl:10.0.0.5:6641',
        '--ovn-private-key',
        '/nonexistent/key.pem',
        '--ovn-certificate',
        '/nonexistent/cert.pem',
        '--ovn-ca-cert',
        '/nonexistent/ca.pem',
      ],
      /--ovn-private-key \/nonexistent\/key\.pem: no such file/,
    ],
    ['--token without --upload', ['collect', '--out', '/tmp/x', '--context', 'c', '--token', 't'], /--api and --token are for --upload/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: status 2`, () => {
      const run = runCli(args);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, message);
    });
  }
});

/** Why the OVN daemons cannot run here (.ci/run installs ovn-central), or false. */
function ovnUnavailable(): string | false {
  for (const bin of ['ovsdb-server', 'ovsdb-tool', 'ovsdb-client', 'ovn-northd', 'ovn-nbctl', 'ovn-sbctl'])
    if (spawnSync(bin, ['--version'], { stdio: 'ignore' }).error !== undefined) return `${bin} is not installed`;
  return existsSync(NB_SCHEMA) && existsSync(SB_SCHEMA) ? false : 'no OVN schemas in /usr/share/ovn';
}

/** Why ovs-pki cannot make the certificates of the ssl: databases (openvswitch-common), or false. */
function pkiUnavailable(): string | false {
  return spawnSync('ovs-pki', ['--version'], { stdio: 'ignore' }).error === undefined ? false : 'ovs-pki is not installed';
}

/** A TCP port of 127.0.0.1 that nothing listens on (for a database the test starts there). */
function freeTcpPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

const isRoot = process.getuid?.() === 0 && spawnSync('ip', ['netns', 'list']).status === 0;

const NODE_A = 'hpkc-node-a';
const NODE_B = 'hpkc-node-b';
const POD_A = 'hpkc-pod-a';
const POD_B = 'hpkc-pod-b';
/** Node A's chassis in the southbound database of the ssl: test. */
const CHASSIS_A = '3c9a1e2d-5b7f-4d10-8e6a-0f2b4c6d8e1a';
const HOSTS = [NODE_A, NODE_B, POD_A, POD_B];
/**
 * A host's network namespace: named after the host and this process, so that two runs of this file
 * at once (a CI run of a clean clone beside a working tree's) never delete each other's namespaces.
 */
const netnsOf = (host: string): string => `${host}-${process.pid}`;
const NAMESPACES = HOSTS.map(netnsOf);
/** The network between the nodes (not a host of the snapshot: the nodes' eth0 lead out of it). */
const LAN = netnsOf('hpkc-lan');
const HELPER_NS = 'hpkc-tools';
const KUBECONFIG = '/etc/hpkc/kubeconfig';

function sh(cmd: string): void {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
}

/** Two nodes on a LAN, a pod on each behind a veth pair, addresses, routes, a few rules and an ipset. */
function buildCluster(): void {
  for (const ns of [...NAMESPACES, LAN]) {
    spawnSync('ip', ['netns', 'del', ns]);
    sh(`ip netns add ${ns} && ip -n ${ns} link set lo up`);
  }
  sh(`ip -n ${LAN} link add lan type bridge && ip -n ${LAN} link set lan up`);
  const [nodeA, nodeB, podA, podB] = NAMESPACES as [string, string, string, string];
  for (const [node, address, port] of [
    [nodeA, '192.168.77.11', 'port-a'],
    [nodeB, '192.168.77.12', 'port-b'],
  ] as const) {
    sh(`ip link add eth0 netns ${node} type veth peer name ${port} netns ${LAN} && ip -n ${LAN} link set ${port} master lan up`);
    sh(`ip -n ${node} addr add ${address}/24 dev eth0 && ip -n ${node} link set eth0 up`);
  }
  for (const [node, pod, veth, net] of [
    [nodeA, podA, 'veth-pa', '10.77.1'],
    [nodeB, podB, 'veth-pb', '10.77.2'],
  ] as const) {
    sh(`ip link add eth0 netns ${pod} type veth peer name ${veth} netns ${node}`);
    sh(`ip -n ${pod} addr add ${net}.2/24 dev eth0 && ip -n ${pod} link set eth0 up && ip -n ${pod} route add default via ${net}.1`);
    sh(
      `ip -n ${node} addr add ${net}.1/24 dev ${veth} && ip -n ${node} link set ${veth} up && ip netns exec ${node} sysctl -qw net.ipv4.ip_forward=1`,
    );
  }
  sh(
    `ip -n ${nodeA} route add 10.77.2.0/24 via 192.168.77.12 dev eth0 && ip -n ${nodeB} route add 10.77.1.0/24 via 192.168.77.11 dev eth0`,
  );
  sh(`ip -n ${nodeA} rule add from 10.77.1.0/24 lookup main pref 100`);
  sh(
    `ip netns exec ${nodeA} iptables-restore <<'EOF'\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -s 10.77.1.0/24 ! -d 10.77.0.0/16 -j MASQUERADE\nCOMMIT\nEOF`,
  );
  sh(`ip netns exec ${nodeB} ipset create hpkc-blocked hash:ip && ip netns exec ${nodeB} ipset add hpkc-blocked 10.77.1.9`);
  sh(
    `ip netns exec ${nodeB} iptables -A FORWARD -m set --match-set hpkc-blocked src -j DROP && ip netns exec ${nodeB} iptables -t nat -A PREROUTING -d 192.168.77.12/32 -p tcp --dport 30080 -j DNAT --to-destination 10.77.2.2:8080`,
  );
  sh(`ip netns exec ${podB} iptables -A INPUT -p tcp --dport 9 -j REJECT`);
  settleIpv6([...NAMESPACES, LAN]);
}

/**
 * Waits (up to 10 s) until no IPv6 address of these namespaces is still `tentative` (duplicate address
 * detection runs for about a second after a link comes up): two captures taken a moment apart then
 * see the same addresses.
 */
function settleIpv6(namespaces: readonly string[]): void {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const pending = namespaces.filter(
      (ns) => spawnSync('ip', ['-n', ns, '-6', 'addr', 'show', 'tentative'], { encoding: 'utf8' }).stdout.trim() !== '',
    );
    if (pending.length === 0) return;
    assert.ok(Date.now() < deadline, `IPv6 addresses still tentative after 10 s in ${pending.join(', ')}`);
    spawnSync('sleep', ['0.2']);
  }
}

/** A process in each pod's network namespace: the pod's sandbox, as the runtime reports it. */
function startSandboxes(): Map<string, ChildProcess> {
  const sandboxes = new Map<string, ChildProcess>();
  for (const pod of [POD_A, POD_B]) {
    const child = spawn('ip', ['netns', 'exec', netnsOf(pod), 'sleep', '600'], { stdio: 'ignore' });
    sandboxes.set(pod, child);
  }
  return sandboxes;
}

interface FakeCluster {
  dir: string;
  env: NodeJS.ProcessEnv;
  run(args: string[]): CliRun;
  /** `collect --kubeconfig KUBECONFIG --nodes <node>` and `args`. */
  collect(node: string, args: string[]): CliRun;
  calls(): string[][];
  helpers(): { name: string; namespace: string; node: string; deleted: string | null }[];
}

/** What can go wrong in the fake cluster (test/fixtures/fake-kubectl/kubectl). */
interface Faults {
  nodes?: Record<
    string,
    { helperNeverReady?: boolean; helperReadyAfterSeconds?: number; execForbidden?: boolean; podSecurity?: 'baseline' }
  >;
  /** A command that never ends: `program` on `node`, in the node (inPod false) or in its pods. */
  faults?: { node: string; program: string; inPod: boolean; kind: 'hang' }[];
  /** The API server stops answering after this many kubectl calls. */
  apiDownAfter?: number;
  /** kube-ovn's ovn-central pod, whose OVN tools reach the databases under this OVN_RUNDIR. */
  ovnRundir?: string;
  /** A kube-ovn VpcNatGateway pod on node B: its network namespace and its sandbox's process. */
  gateway?: { netns: string; pid: number | undefined };
}

function fakeCluster(sandboxes: Map<string, ChildProcess>, faults: Faults = {}): FakeCluster {
  const nodeOptions = faults.nodes ?? {};
  const dir = scratch('hpkc-cluster-');
  const pod = (name: string, node: string, ip: string, n: number) => ({
    namespace: 'default',
    name,
    uid: `0b0e${n}c1a-7d6e-4a8b-9c2f-1e5d3a7b9c0${n}`,
    node,
    netns: netnsOf(name),
    labels: { app: name === POD_B ? 'web' : 'client' },
    ip,
    hostIP: node === NODE_A ? '192.168.77.11' : '192.168.77.12',
    sandbox: `${String(n).repeat(8)}f1e2d3c4b5a69788${String(n).repeat(40)}`,
    pid: sandboxes.get(name)?.pid,
  });
  const cluster = {
    context: 'hpkc-lab',
    kubeconfig: KUBECONFIG,
    nodes: [
      {
        name: NODE_A,
        uid: '5d0a8f0e-1111-4b7a-9a51-0c8e2f6d7a11',
        netns: netnsOf(NODE_A),
        internalIP: '192.168.77.11',
        podCIDR: '10.77.1.0/24',
        ...nodeOptions[NODE_A],
      },
      {
        name: NODE_B,
        uid: '5d0a8f0e-2222-4b7a-9a51-0c8e2f6d7a22',
        netns: netnsOf(NODE_B),
        labels: { 'hpkc.dev/zone': 'b' },
        internalIP: '192.168.77.12',
        podCIDR: '10.77.2.0/24',
        ...nodeOptions[NODE_B],
      },
    ],
    pods: [
      pod(POD_A, NODE_A, '10.77.1.2', 1),
      pod(POD_B, NODE_B, '10.77.2.2', 2),
      ...(faults.gateway === undefined
        ? []
        : [
            {
              namespace: 'kube-system',
              name: 'vpc-nat-gw-gw1-0',
              uid: '9a8b7c6d-0000-4000-8000-0000000000e1',
              node: NODE_B,
              netns: faults.gateway.netns,
              labels: { app: 'vpc-nat-gw-gw1', 'ovn.kubernetes.io/vpc-nat-gw': 'true' },
              ip: '10.77.2.3',
              hostIP: '192.168.77.12',
              sandbox: `${'e'.repeat(8)}f1e2d3c4b5a69788${'e'.repeat(40)}`,
              pid: faults.gateway.pid,
            },
          ]),
      ...(faults.ovnRundir === undefined
        ? []
        : [
            {
              namespace: 'kube-system',
              name: 'ovn-central-6d5f7c9b8-x2k4p',
              uid: '7f3e2d1c-0000-4000-8000-0000000000c1',
              node: NODE_A,
              hostNetwork: true,
              labels: { app: 'ovn-central', component: 'network' },
              container: 'ovn-central',
              env: { OVN_RUNDIR: faults.ovnRundir },
              ip: '192.168.77.11',
              hostIP: '192.168.77.11',
            },
          ]),
    ],
    lists: {
      services: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'default', uid: 'a1b2c3d4-0000-4000-8000-000000000001' },
          spec: {
            type: 'NodePort',
            clusterIP: '10.96.0.10',
            clusterIPs: ['10.96.0.10'],
            ports: [{ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
            selector: { app: 'web' },
          },
          status: { loadBalancer: {} },
        },
      ],
      'endpointslices.discovery.k8s.io': [
        {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: { name: 'web-x7k2p', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
          addressType: 'IPv4',
          endpoints: [{ addresses: ['10.77.2.2'], conditions: { ready: true }, nodeName: NODE_B }],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
      ],
    },
    apiResources: [],
    faults: faults.faults ?? [],
    ...(faults.apiDownAfter === undefined ? {} : { apiDownAfter: faults.apiDownAfter }),
  };
  writeFileSync(join(dir, 'cluster.json'), JSON.stringify(cluster, null, 2));
  const env = { ...process.env, PATH: `${FAKE_KUBECTL}:${process.env.PATH ?? ''}`, HOOKPATH_FAKE_CLUSTER: dir };
  const run = (args: string[]): CliRun => {
    const r = spawnSync(process.execPath, [PLUGIN, ...args], { encoding: 'utf8', timeout: 120_000, env });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    dir,
    env,
    run,
    collect: (node, args) => run(['collect', '--kubeconfig', KUBECONFIG, '--nodes', node, ...args]),
    calls: () =>
      readFileSync(join(dir, 'calls.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as string[]),
    helpers: () => {
      const helpers = join(dir, 'helpers');
      if (!existsSync(helpers)) return [];
      return readdirSync(helpers).map(
        (f) =>
          JSON.parse(readFileSync(join(helpers, f), 'utf8')) as { name: string; namespace: string; node: string; deleted: string | null },
      );
    },
  };
}

/** Every file of a folder, by path relative to it. */
function filesOf(root: string, dir = root, out = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) filesOf(root, full, out);
    else out.set(full.slice(root.length + 1), readFileSync(full, 'utf8'));
  }
  return out;
}

/** A call as the documented list writes it: the run's values in place of the placeholders. */
function normalize(call: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < call.length; i++) {
    const a = call[i] ?? '';
    const prev = out[out.length - 1];
    if (a === '--kubeconfig' || a === '--context') {
      i += 1;
      continue;
    }
    const sandboxIds = /crictl inspectp -o json ((?:[0-9a-f]{64} ?)+)\n/.exec(a)?.[1]?.split(' ') ?? [];
    if (a === hostBatchScript(60) && prev === '-c' && out[out.length - 2] === 'sh') out.push('<pod script>');
    else if (a === nodeBatchScript(60, sandboxIds) && prev === '-c' && out[out.length - 2] === 'sh') out.push('<script>');
    else if (a === HELPER_NS && prev === '-n') out.push('<helper namespace>');
    else if (/^hookpath-[a-z0-9-]+-[0-9a-f]{6}$/.test(a)) out.push('<helper pod>');
    else if (/^pod\/hookpath-[a-z0-9-]+-[0-9a-f]{6}$/.test(a)) {
      if (prev !== 'pod/<helper pod>...') out.push('pod/<helper pod>...');
    } else if (/^--timeout=[1-9]\d*s$/.test(a)) out.push('--timeout=<seconds>s');
    else if (/^hookpath\.dev\/run=[0-9a-f]{6}$/.test(a)) out.push('hookpath.dev/run=<run id>');
    else if (prev === '-t' && out[out.length - 2] === 'nsenter') out.push('<pid>');
    else if (prev === 'json' && out[out.length - 3] === 'inspectp') out.push('<sandbox id>');
    else if (out[0] === 'get' && out[1] === 'pod' && a !== '-n' && !out.includes('-n')) {
      if (out.length === 2) out.push('<pod>...');
    } else if (prev === '-n' && out[1] === 'pod' && out[0] === 'get') out.push('<namespace>');
    else out.push(a);
  }
  return ['kubectl', ...out].join(' ');
}

describe('kubectl hookpath collect: a cluster of network namespaces', { skip: isRoot ? false : 'needs root and ip netns' }, () => {
  let sandboxes = new Map<string, ChildProcess>();
  before(() => {
    buildCluster();
    sandboxes = startSandboxes();
  });
  after(() => {
    for (const child of sandboxes.values()) child.kill('SIGKILL');
    for (const ns of [...NAMESPACES, LAN]) spawnSync('ip', ['netns', 'del', ns]);
  });

  it('captures what hookpath collect --netns captures of the same namespaces, and removes its helper pods', async () => {
    const cluster = fakeCluster(sandboxes);
    const out = join(scratch('hpkc-snap-'), 'cluster');
    const run = cluster.run([
      'collect',
      '--kubeconfig',
      KUBECONFIG,
      '--context',
      'hpkc-lab',
      '--pods',
      `default/${POD_A},${POD_B}`,
      '--helper-namespace',
      HELPER_NS,
      '--out',
      out,
      '--name',
      'lab',
    ]);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);

    const local = join(scratch('hpkc-snap-'), 'netns');
    const reference = runCli([
      'collect',
      '--netns',
      ...NAMESPACES,
      '--role',
      `${netnsOf(POD_A)}=pod`,
      '--role',
      `${netnsOf(POD_B)}=pod`,
      '--out',
      local,
    ]);
    assert.equal(reference.status, 0, reference.stderr);

    // Host by host, file by file, the same bytes (meta.yaml aside: the cluster knows more).
    const ours = filesOf(out);
    const theirs = filesOf(local);
    const hostOf = (host: string): string => (host.endsWith('.default') ? host.slice(0, -'.default'.length) : host);
    const hostFiles = (files: Map<string, string>, rename: (h: string) => string): Map<string, string> =>
      new Map(
        [...files].flatMap(([p, content]) => {
          const m = /^hosts\/([^/]+)\/(.+)$/.exec(p);
          return m === null || m[2] === 'meta.yaml' ? [] : [[`${rename(m[1] ?? '')}/${m[2] ?? ''}`, content] as const];
        }),
      );
    const a = hostFiles(ours, hostOf);
    const b = hostFiles(theirs, (h) => h.replace(netnsOf(''), ''));
    assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
    assert.ok(a.size >= 4 * 9, `${a.size} files`);
    // iptables-save dates its banner and footer: the only text that differs between two captures.
    const undated = (text: string | undefined): string | undefined =>
      text?.replace(/^(# (?:Generated by iptables-save \S+ \(\w+\)|Completed)) on .+$/gm, '$1 on <date>');
    for (const [file, content] of b) assert.equal(undated(a.get(file)), undated(content), file);
    // The same veth pairs; and the nodes' InternalIPs share a subnet: they are one segment.
    const nodesSegment = `segments:\n  - name: "nodes-192.168.77.0-24"\n    members: ["${NODE_A}:eth0", "${NODE_B}:eth0"]\n`;
    assert.equal(
      ours.get('topology.yaml')?.replace(/\.default:/g, ':'),
      theirs.get('topology.yaml')?.replaceAll(netnsOf(''), '').replace('segments: []\n', nodesSegment),
    );
    assert.match(run.stdout, /4 hosts captured \(hpkc-node-a, hpkc-node-b, hpkc-pod-a\.default, hpkc-pod-b\.default\), 2 veth links/);
    // A trace crosses pods and nodes: pod A to pod B directly, through node B's NodePort DNAT, and
    // to a port pod B rejects.
    const result = (dst: string, dport: string): string => {
      const trace = runCli(['trace', out, '--from', `${POD_A}.default`, '--src', '10.77.1.2', '--dst', dst, '-p', 'tcp', '--dport', dport]);
      assert.equal(trace.status, 0, trace.stderr);
      return /^result .*$/m.exec(trace.stdout)?.[0] ?? trace.stdout;
    };
    assert.equal(
      result('10.77.2.2', '8080'),
      `result DELIVERED at ${POD_B}.default, packet 10.77.1.2 → 10.77.2.2 ports 40000 → 8080 ttl 62`,
    );
    assert.equal(
      result('192.168.77.12', '30080'),
      `result DELIVERED at ${POD_B}.default, packet 192.168.77.11 → 10.77.2.2 ports 40000 → 8080 ttl 62`,
      'masqueraded by node A, DNATed by node B',
    );
    assert.equal(result('10.77.2.2', '9'), `result REJECTED at ${POD_B}.default, packet 10.77.1.2 → 10.77.2.2 ports 40000 → 9 ttl 62`);

    assert.equal(ours.get(`hosts/${POD_A}.default/meta.yaml`), `role: pod\nnode: "${NODE_A}"\n`);
    assert.equal(ours.get(`hosts/${NODE_B}/meta.yaml`), 'role: node\n');
    assert.match(ours.get('snapshot.yaml') ?? '', /^name: "lab"\ncluster: "hpkc-lab"\ncapturedAt: "\d{4}-\d\d-\d\dT[^"]+"\ndescription: /);
    const services = JSON.parse(ours.get('k8s/services.json') ?? '{}') as { items: { metadata: { name: string } }[] };
    assert.deepEqual(
      services.items.map((s) => s.metadata.name),
      ['web'],
    );
    assert.ok(ours.has('k8s/endpointslices.json') && ours.has('k8s/nodes.json') && ours.has(`k8s/pod.default.${POD_B}.json`));

    const { model, errors } = parseSnapshot(await readSnapshotDirectory(out));
    assert.deepEqual(errors, []);
    assert.equal(model.hosts.find((h) => h.name === `${POD_B}.default`)?.meta.node, NODE_B);

    const helpers = cluster.helpers();
    assert.deepEqual(helpers.map((h) => [h.node, h.namespace]).sort(), [
      [NODE_A, HELPER_NS],
      [NODE_B, HELPER_NS],
    ]);
    assert.ok(
      helpers.every((h) => h.deleted !== null),
      'every helper pod deleted',
    );

    const documented = new Set(documentedCommands().split('\n'));
    const calls = cluster.calls();
    assert.ok(
      calls.every((c) => c.slice(0, 4).join(' ') === `--kubeconfig ${KUBECONFIG} --context hpkc-lab`),
      'every call carries the kubeconfig and context',
    );
    const undocumented = [...new Set(calls.map(normalize))].filter((line) => !documented.has(line));
    assert.deepEqual(undocumented, [], 'commands run that docs/kubectl-hookpath-commands.txt does not list');
    // A node and its pod in two execs: the runtime's sandboxes, then the one script.
    const execs = calls.map(normalize).filter((line) => line.startsWith('kubectl exec '));
    assert.deepEqual(execs.sort(), [
      'kubectl exec -n <helper namespace> <helper pod> -c hookpath -- chroot /host crictl pods -o json',
      'kubectl exec -n <helper namespace> <helper pod> -c hookpath -- chroot /host crictl pods -o json',
      'kubectl exec -n <helper namespace> <helper pod> -c hookpath -- sh -c <script>',
      'kubectl exec -n <helper namespace> <helper pod> -c hookpath -- sh -c <script>',
    ]);
  });

  it('--redact all: node and pod names replaced by placeholders in every file and path, the snapshot still validates and traces', async () => {
    const cluster = fakeCluster(sandboxes);
    const out = join(scratch('hpkc-snap-'), 'redacted');
    const run = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--pods', `${POD_A},${POD_B}`, '--redact', 'all', '--out', out]);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /redacted: 2 node, 0 namespace, 2 pod and 0 other name\(s\) replaced by placeholders in every file/);
    const files = filesOf(out);
    assert.deepEqual([...new Set([...files.keys()].flatMap((p) => /^hosts\/([^/]+)\//.exec(p)?.[1] ?? []))].sort(), [
      'node-1',
      'node-2',
      'pod-1.default',
      'pod-2.default',
    ]);
    for (const [path, content] of files)
      for (const name of HOSTS) {
        assert.ok(!path.includes(name), `${path} names ${name}`);
        assert.ok(!content.includes(name), `${path} holds ${name}`);
      }
    assert.ok(files.has('k8s/pod.default.pod-2.json'));
    assert.equal(files.get('hosts/pod-1.default/meta.yaml'), 'role: pod\nnode: "node-1"\n');
    assert.match(
      files.get('topology.yaml') ?? '',
      /\["node-1:veth-pa", "pod-1\.default:eth0"\]|\["pod-1\.default:eth0", "node-1:veth-pa"\]/,
    );
    assert.match(files.get('topology.yaml') ?? '', /members: \["node-1:eth0", "node-2:eth0"\]/);
    // Addresses are not names: they stay.
    assert.match(files.get('hosts/pod-2.default/ip-addr.json') ?? '', /"local":"10\.77\.2\.2"/);
    assert.match(files.get('snapshot.yaml') ?? '', /\nredacted:\n  nodes: 2\n  namespaces: 0\n  pods: 2\n  names: 0\n$/);
    const validated = runCli(['validate', out]);
    assert.equal(validated.status, 0, validated.stderr);
    const { model, errors } = parseSnapshot(await readSnapshotDirectory(out));
    assert.deepEqual(errors, []);
    assert.deepEqual(model.meta.redacted, { nodes: 2, namespaces: 0, pods: 2, names: 0 });
    const trace = runCli([
      'trace',
      out,
      '--from',
      'pod-1.default',
      '--src',
      '10.77.1.2',
      '--dst',
      '192.168.77.12',
      '-p',
      'tcp',
      '--dport',
      '30080',
    ]);
    assert.equal(trace.status, 0, trace.stderr);
    assert.match(trace.stdout, /^result DELIVERED at pod-2\.default, packet 192\.168\.77\.11 → 10\.77\.2\.2 ports 40000 → 8080 ttl 62$/m);

    // One node by name, into an archive: only that name changes.
    const archive = join(scratch('hpkc-snap-'), 'one.tar.gz');
    const one = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--pods', POD_B, '--redact', `node:${NODE_B}`, '--out', archive]);
    assert.equal(one.status, 0, `${one.stdout}\n${one.stderr}`);
    const packed = await readSnapshotPath(archive);
    assert.deepEqual([...new Set(packed.flatMap((f) => /^hosts\/([^/]+)\//.exec(f.path)?.[1] ?? []))].sort(), [
      NODE_A,
      'hpkc-pod-b.default',
      'node-1',
    ]);
    assert.ok(packed.every((f) => !f.content.includes(NODE_B)));
    assert.deepEqual(parseSnapshot(packed).errors, []);
    // hookpath trace reads the archive as it is.
    const traced = runCli([
      'trace',
      archive,
      '--from',
      `${POD_B}.default`,
      '--src',
      '10.77.2.2',
      '--dst',
      '10.77.1.2',
      '-p',
      'tcp',
      '--dport',
      '80',
    ]);
    assert.equal(traced.status, 0, traced.stderr);
    assert.match(traced.stdout, /^result /m);
    assert.match(traced.stdout, /node-1/, 'the redacted node is on the path');

    // A node not captured: its notes name its helper pod (hookpath-<node>-<run>), redacted too.
    const broken = fakeCluster(sandboxes, { nodes: { [NODE_B]: { helperNeverReady: true } } });
    const notReady = join(scratch('hpkc-snap-'), 'not-ready');
    const partialRun = broken.run([
      'collect',
      '--kubeconfig',
      KUBECONFIG,
      '--ready-timeout',
      '1',
      '--redact',
      'nodes',
      '--name',
      NODE_B,
      '--out',
      notReady,
    ]);
    assert.equal(partialRun.status, 3, `${partialRun.stdout}\n${partialRun.stderr}`);
    assert.match(
      readFileSync(join(notReady, 'hosts', 'node-2', 'meta.yaml'), 'utf8'),
      /^role: node\nnotes: "not captured: helper pod hookpath-node-2-[0-9a-f]{6} not ready within 1 s: /,
    );
    for (const [path, content] of filesOf(notReady)) assert.ok(!content.includes('hpkc-node'), `${path} names a node`);
    assert.match(
      readFileSync(join(notReady, 'snapshot.yaml'), 'utf8'),
      /^name: "node-2"\n/,
      'a --name that is a redacted name is redacted',
    );
  });

  it('progress on stderr: a line per node finished when stderr is not a terminal; --quiet prints none', () => {
    const cluster = fakeCluster(sandboxes);
    const run = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--pods', `${POD_A},${POD_B}`, '--out', partial('progress')]);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('node '));
    assert.equal(lines.length, 2, run.stderr);
    for (const node of [NODE_A, NODE_B])
      assert.ok(
        lines.some((l) => new RegExp(`^node ${node}: 2/2 hosts captured \\([12]/2 nodes, [24]/4 hosts, \\d+ s\\)$`).test(l)),
        run.stderr,
      );
    assert.doesNotMatch(run.stderr, /\r|\x1b/, 'no terminal control characters in a log');
    // On a terminal (script(1) gives it one): the bar, redrawn in place and cleared before the summary.
    if (spawnSync('script', ['--version']).status === 0) {
      const command = [process.execPath, PLUGIN, 'collect', '--kubeconfig', KUBECONFIG, '--pods', POD_A, '--out', partial('tty')]
        .map((a) => `'${a}'`)
        .join(' ');
      const tty = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: cluster.env, timeout: 120_000 });
      assert.equal(tty.status, 0, tty.stdout);
      assert.match(tty.stdout, /\r\x1b\[K\[[# ]{20}\] \d\/3 hosts, \d\/2 nodes, capturing, \d+ s/);
      assert.match(tty.stdout, /\r\x1b\[K\[#{20}\] 3\/3 hosts, 2\/2 nodes, /);
      assert.doesNotMatch(tty.stdout, /^node hpkc-node-a: /m, 'no per-node lines on a terminal');
      assert.match(tty.stdout, /\r\x1b\[K[^\r]*3 hosts captured/, 'the bar is cleared before the summary');
    }
    const quiet = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--pods', POD_A, '--quiet', '--out', partial('quiet')]);
    assert.equal(quiet.status, 0, quiet.stderr);
    assert.equal(quiet.stderr, '');
    assert.match(quiet.stdout, /3 hosts captured/);
  });

  it(
    'kube-ovn: ovn/ holds ovn-nbctl show, the northbound dump and ovn-sbctl show of the databases in the ovn-central pod',
    {
      skip: ovnUnavailable(),
    },
    async () => {
      const rundir = scratch('hpkc-ovn-');
      const dbs = await startOvnDatabases(rundir);
      const ovn = dbs.run;
      try {
        ovn('ovn-nbctl', [
          'ls-add',
          'join',
          '--',
          'lsp-add',
          'join',
          `node-${NODE_A}`,
          '--',
          'lsp-set-addresses',
          `node-${NODE_A}`,
          '00:00:00:aa:00:01 100.64.0.2',
        ]);
        ovn('ovn-nbctl', ['ls-add', 'ovn-default', '--', 'lsp-add', 'ovn-default', `${POD_A}.default`]);
        ovn('ovn-nbctl', ['lsp-set-addresses', `${POD_A}.default`, '00:00:00:bb:00:02 10.77.1.2']);
        ovn('ovn-nbctl', ['--timeout=30', '--wait=sb', 'sync']);

        const cluster = fakeCluster(sandboxes, { ovnRundir: rundir });
        const out = partial('ovn');
        const run = cluster.collect(NODE_A, ['--out', out]);
        assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
        const file = (name: string): string => readFileSync(join(out, 'ovn', name), 'utf8');
        assert.equal(file('nbctl-show.txt'), ovn('ovn-nbctl', ['show']));
        assert.match(file('nbctl-show.txt'), /port hpkc-pod-a\.default\n\s+addresses: \["00:00:00:bb:00:02 10\.77\.1\.2"\]/);
        assert.equal(file('sbctl-show.txt'), ovn('ovn-sbctl', ['show']));
        // One JSON document per table, as ovsdb-client prints them.
        assert.equal(
          file('nb.json'),
          ovn('ovsdb-client', ['-f', 'json', 'dump', `unix:${join(rundir, 'ovnnb_db.sock')}`, 'OVN_Northbound']),
        );
        assert.match(file('nb.json'), /"hpkc-pod-a\.default"/);
        const { model, errors } = parseSnapshot(await readSnapshotDirectory(out));
        assert.deepEqual(errors, []);
        assert.ok(JSON.stringify(model).includes('hpkc-pod-a.default'), 'the model holds the logical switch port');
        const calls = cluster.calls().map((c) => c.slice(2).join(' '));
        assert.ok(calls.includes('get pods -n kube-system -l app=ovn-central -o json'));
        assert.equal(
          calls.filter((c) => c.startsWith('exec -n kube-system ovn-central-6d5f7c9b8-x2k4p -c ovn-central -- sh -c ')).length,
          1,
        );
      } finally {
        dbs.stop();
      }
    },
  );

  it(
    '--nb/--sb: the OVN databases read with the local ovn-nbctl, ovsdb-client and ovn-sbctl at TCP addresses, no ovn-central pod asked for',
    { skip: ovnUnavailable() },
    async () => {
      const rundir = scratch('hpkc-ovn-tcp-');
      const [nbPort, sbPort, closedPort] = await Promise.all([freeTcpPort(), freeTcpPort(), freeTcpPort()]);
      const dbs = await startOvnDatabases(rundir, { nb: nbPort, sb: sbPort });
      const { nb, sb, run: ovn } = dbs;
      try {
        ovn('ovn-nbctl', [`--db=${nb}`, 'ls-add', 'join', '--', 'lsp-add', 'join', `node-${NODE_A}`]);
        ovn('ovn-nbctl', [`--db=${nb}`, 'ls-add', 'ovn-default', '--', 'lsp-add', 'ovn-default', `${POD_A}.default`]);
        ovn('ovn-nbctl', [`--db=${nb}`, 'lsp-set-addresses', `${POD_A}.default`, '00:00:00:bb:00:02 10.77.1.2']);
        ovn('ovn-nbctl', [`--db=${nb}`, '--timeout=30', '--wait=sb', 'sync']);

        const cluster = fakeCluster(sandboxes);
        const out = partial('ovn-tcp');
        const run = cluster.collect(NODE_A, ['--nb', nb, '--sb', sb, '--out', out]);
        assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
        const file = (name: string): string => readFileSync(join(out, 'ovn', name), 'utf8');
        assert.equal(file('nbctl-show.txt'), ovn('ovn-nbctl', [`--db=${nb}`, 'show']));
        assert.match(file('nbctl-show.txt'), /port hpkc-pod-a\.default\n\s+addresses: \["00:00:00:bb:00:02 10\.77\.1\.2"\]/);
        assert.equal(file('nb.json'), ovn('ovsdb-client', ['-f', 'json', 'dump', nb, 'OVN_Northbound']));
        assert.equal(file('sbctl-show.txt'), ovn('ovn-sbctl', [`--db=${sb}`, 'show']));
        const { model, errors } = parseSnapshot(await readSnapshotDirectory(out));
        assert.deepEqual(errors, []);
        assert.ok(JSON.stringify(model).includes('hpkc-pod-a.default'), 'the model holds the logical switch port');
        const calls = cluster.calls().map((c) => c.slice(2).join(' '));
        assert.ok(!calls.some((c) => c.includes('app=ovn-central')), "kube-ovn's ovn-central pod is not looked for");

        // With --redact all: the logical switch ports of the pod and of the node's join port carry the placeholders.
        const hidden = partial('ovn-redacted');
        const redacted = cluster.collect(NODE_A, ['--nb', nb, '--sb', sb, '--redact', 'all', '--out', hidden]);
        assert.equal(redacted.status, 0, `${redacted.stdout}\n${redacted.stderr}`);
        const show = readFileSync(join(hidden, 'ovn', 'nbctl-show.txt'), 'utf8');
        assert.match(show, /port pod-1\.default\n/);
        assert.match(show, /port node-node-1\n/);
        for (const [path, content] of filesOf(hidden)) assert.ok(!/hpkc-(node|pod)-a/.test(content), `${path} holds a name`);
        assert.deepEqual((await readSnapshot(hidden)).errors, []);

        // --nb alone: no sbctl-show.txt. A database that does not answer: status 2 before any helper pod.
        const nbOut = partial('nb-only');
        const nbOnly = cluster.collect(NODE_A, ['--nb', nb, '--out', nbOut]);
        assert.equal(nbOnly.status, 0, nbOnly.stderr);
        assert.deepEqual(readdirSync(join(nbOut, 'ovn')).sort(), ['nb.json', 'nbctl-show.txt']);
        const helpersBefore = cluster.helpers().length;
        const down = partial('ovn-down');
        const refused = cluster.collect(NODE_A, ['--nb', `tcp:127.0.0.1:${closedPort}`, '--timeout', '2', '--out', down]);
        assert.equal(refused.status, 2, refused.stderr);
        assert.match(
          refused.stderr,
          new RegExp(
            `--nb tcp:127\\.0\\.0\\.1:${closedPort}: cannot read the database: \`ovn-nbctl --db=tcp:127\\.0\\.0\\.1:${closedPort} --timeout=2 show\``,
          ),
        );
        assert.equal(cluster.helpers().length, helpersBefore, 'no helper pod created');
        assert.equal(existsSync(down), false, 'nothing written');
      } finally {
        dbs.stop();
      }
    },
  );

  it(
    '--nb/--sb ssl: the OVN databases read over TLS with --ovn-private-key, --ovn-certificate and --ovn-ca-cert; a CA that did not sign the server certificate stops the run',
    { skip: ovnUnavailable() || pkiUnavailable() },
    async () => {
      const rundir = scratch('hpkc-ovn-ssl-');
      const pki = createOvnPki(scratch('hpkc-ovn-pki-'));
      const [nbPort, sbPort] = await Promise.all([freeTcpPort(), freeTcpPort()]);
      const dbs = await startOvnDatabases(rundir, { nb: nbPort, sb: sbPort }, pki);
      const { nb, sb, ssl, run: ovn } = dbs;
      try {
        assert.equal(nb, `ssl:127.0.0.1:${nbPort}`);
        assert.equal(sb, `ssl:127.0.0.1:${sbPort}`);
        const nbctl = (...args: string[]): string => ovn('ovn-nbctl', [`--db=${nb}`, ...ssl, ...args]);
        const sbctl = (...args: string[]): string => ovn('ovn-sbctl', [`--db=${sb}`, ...ssl, ...args]);
        nbctl('ls-add', 'join', '--', 'lsp-add', 'join', `node-${NODE_A}`);
        nbctl('ls-add', 'ovn-default', '--', 'lsp-add', 'ovn-default', `${POD_A}.default`);
        nbctl('lsp-set-addresses', `${POD_A}.default`, '00:00:00:bb:00:02 10.77.1.2');
        nbctl('--timeout=30', '--wait=sb', 'sync');
        sbctl('chassis-add', CHASSIS_A, 'geneve', '192.168.77.11', '--', 'set', 'Chassis', CHASSIS_A, `hostname=${NODE_A}`);
        sbctl('lsp-bind', `${POD_A}.default`, CHASSIS_A);
        // Without the client's certificate the servers refuse a reader: the databases are TLS only.
        const bare = spawnSync('ovsdb-client', ['-C', pki.client.caCert, 'list-dbs', nb], { encoding: 'utf8', timeout: 10_000 });
        assert.notEqual(bare.status, 0, 'a client without a certificate is refused');

        const tlsFlags = (caCert: string): string[] => [
          '--ovn-private-key',
          pki.client.privateKey,
          '--ovn-certificate',
          pki.client.certificate,
          '--ovn-ca-cert',
          caCert,
        ];
        const cluster = fakeCluster(sandboxes);
        const out = partial('ovn-ssl');
        const run = cluster.collect(NODE_A, ['--nb', nb, '--sb', sb, ...tlsFlags(pki.client.caCert), '--out', out]);
        assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
        assert.deepEqual(readdirSync(join(out, 'ovn')).sort(), ['nb.json', 'nbctl-show.txt', 'sbctl-show.txt']);
        const file = (name: string): string => readFileSync(join(out, 'ovn', name), 'utf8');
        assert.equal(file('nbctl-show.txt'), nbctl('show'));
        assert.match(file('nbctl-show.txt'), /port hpkc-pod-a\.default\n\s+addresses: \["00:00:00:bb:00:02 10\.77\.1\.2"\]/);
        assert.match(file('nbctl-show.txt'), /switch [0-9a-f-]+ \(join\)\n\s+port node-hpkc-node-a\n/);
        assert.equal(file('nb.json'), ovn('ovsdb-client', [...ssl, '-f', 'json', 'dump', nb, 'OVN_Northbound']));
        assert.match(file('nb.json'), /"hpkc-pod-a\.default"/);
        assert.equal(file('sbctl-show.txt'), sbctl('show'));
        assert.match(file('sbctl-show.txt'), new RegExp(`Chassis "${CHASSIS_A}"\\n\\s+hostname: ${NODE_A}\\n`));
        assert.match(file('sbctl-show.txt'), /\n\s+Port_Binding hpkc-pod-a\.default\n/);
        const { model, errors } = parseSnapshot(await readSnapshotDirectory(out));
        assert.deepEqual(errors, []);
        assert.deepEqual(model.topology.ovn?.chassis, { [CHASSIS_A]: NODE_A });
        assert.ok(JSON.stringify(model).includes('hpkc-pod-a.default'), 'the model holds the logical switch port');
        assert.equal(meta(out, NODE_A).includes('not captured'), false, 'the node is captured');
        const calls = cluster.calls().map((c) => c.slice(2).join(' '));
        assert.ok(!calls.some((c) => c.includes('app=ovn-central')), "kube-ovn's ovn-central pod is not looked for");

        // A CA that did not sign the server's certificate: the TLS handshake fails, and as for any database
        // --nb names that cannot be read, the run stops with status 2 and the reason before any helper pod.
        const helpersBefore = cluster.helpers().length;
        const wrong = partial('ovn-ssl-wrong-ca');
        const refused = cluster.collect(NODE_A, ['--nb', nb, '--sb', sb, ...tlsFlags(pki.otherCaCert), '--timeout', '10', '--out', wrong]);
        assert.equal(refused.status, 2, `${refused.stdout}\n${refused.stderr}`);
        const quoted = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        assert.match(
          refused.stderr,
          new RegExp(
            `--nb ${quoted(nb)}: cannot read the database: \`ovn-nbctl --db=${quoted(nb)} --timeout=10 -p ${quoted(pki.client.privateKey)} -c ${quoted(pki.client.certificate)} -C ${quoted(pki.otherCaCert)} show\` exited with status 1: .*certificate verify failed`,
          ),
        );
        assert.equal(cluster.helpers().length, helpersBefore, 'no helper pod created');
        assert.equal(existsSync(wrong), false, 'nothing written');
      } finally {
        dbs.stop();
      }
    },
  );

  it('kube-ovn: a VpcNatGateway pod is found by its label and captured as role gateway, wired to its node', async () => {
    const netns = netnsOf('hpkc-gw');
    let sandbox: ChildProcess | undefined;
    try {
      sh(`ip netns add ${netns} && ip -n ${netns} link set lo up`);
      sh(`ip link add eth0 netns ${netns} type veth peer name veth-gw netns ${netnsOf(NODE_B)}`);
      sh(
        `ip -n ${netns} addr add 10.77.2.3/24 dev eth0 && ip -n ${netns} link set eth0 up && ip -n ${netnsOf(NODE_B)} link set veth-gw up`,
      );
      sandbox = spawn('ip', ['netns', 'exec', netns, 'sleep', '600'], { stdio: 'ignore' });
      const cluster = fakeCluster(sandboxes, { gateway: { netns, pid: sandbox.pid } });
      const out = partial('gateway');
      const run = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--nodes', NODE_B, '--out', out]);
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /2 hosts captured \(hpkc-node-b, vpc-nat-gw-gw1-0\.kube-system\), 1 veth link/);
      assert.equal(meta(out, 'vpc-nat-gw-gw1-0.kube-system'), `role: gateway\nnode: "${NODE_B}"\n`);
      assert.match(readFileSync(join(out, 'hosts', 'vpc-nat-gw-gw1-0.kube-system', 'ip-addr.json'), 'utf8'), /"local":"10\.77\.2\.3"/);
      assert.match(readFileSync(join(out, 'topology.yaml'), 'utf8'), /\["hpkc-node-b:veth-gw", "vpc-nat-gw-gw1-0\.kube-system:eth0"\]/);
      const { model, errors } = parseSnapshot(await readSnapshotDirectory(out));
      assert.deepEqual(errors, []);
      assert.equal(model.hosts.find((h) => h.name === 'vpc-nat-gw-gw1-0.kube-system')?.meta.role, 'gateway');
      // On another node's run it is not captured.
      const elsewhere = cluster.collect(NODE_A, ['--out', partial('gateway-elsewhere')]);
      assert.equal(elsewhere.status, 0, elsewhere.stderr);
      assert.match(elsewhere.stdout, /1 host captured \(hpkc-node-a\)/);
    } finally {
      sandbox?.kill('SIGKILL');
      spawnSync('ip', ['netns', 'del', netns]);
    }
  });

  it('--node-selector, -l and --all-pods pick nodes and pods by what the API server lists; --max-pods bounds --all-pods', () => {
    const cluster = fakeCluster(sandboxes);
    const selected = cluster.run([
      'collect',
      '--kubeconfig',
      KUBECONFIG,
      '--node-selector',
      'hpkc.dev/zone=b',
      '-l',
      'app=web',
      '--out',
      partial('selected'),
    ]);
    assert.equal(selected.status, 0, `${selected.stdout}\n${selected.stderr}`);
    assert.match(selected.stdout, /2 hosts captured \(hpkc-node-b, hpkc-pod-b\.default\), 1 veth link/);
    const calls = cluster.calls().map((c) => c.slice(2).join(' '));
    assert.ok(calls.includes('get nodes -l hpkc.dev/zone=b -o json') && calls.includes('get pods -n default -l app=web -o json'));
    const bounded = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--all-pods', '--max-pods', '1', '--out', partial('bounded')]);
    assert.equal(bounded.status, 2, bounded.stderr);
    assert.match(bounded.stderr, /--all-pods: 2 pods to capture, more than --max-pods 1; raise it or narrow the selection/);
    const all = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--all-pods', '--out', partial('all')]);
    assert.equal(all.status, 0, `${all.stdout}\n${all.stderr}`);
    assert.match(all.stdout, /4 hosts captured \(hpkc-node-a, hpkc-node-b, hpkc-pod-a\.default, hpkc-pod-b\.default\), 2 veth links/);
    const none = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--node-selector', 'hpkc.dev/zone=z', '--out', partial('none')]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--node-selector hpkc\.dev\/zone=z: no node has these labels/);
    assert.ok(cluster.helpers().every((h) => h.deleted !== null));
  });

  it('a node whose helper pod never becomes ready: recorded with its reason, the rest captured, status 3; --out a .tar.gz', async () => {
    // Node a's helper pod comes first in the one wait: kubectl then reports node b's as timed out
    // too, and only the check without waiting that follows finds it ready.
    const cluster = fakeCluster(sandboxes, { nodes: { [NODE_A]: { helperNeverReady: true } } });
    const out = join(scratch('hpkc-snap-'), 'partial.tar.gz');
    const run = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--pods', `${POD_A},${POD_B}`, '--ready-timeout', '1', '--out', out]);
    assert.equal(run.status, 3, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /partial\.tar\.gz: 2 hosts captured \(hpkc-node-b, hpkc-pod-b\.default\)/);
    assert.match(
      run.stdout,
      /not captured: hpkc-node-a: helper pod hookpath-hpkc-node-a-[0-9a-f]{6} not ready within 1 s: `kubectl wait --for=condition=Ready` of 2 helper pods \(--timeout=1s\) exited with status 1: timed out waiting for the condition on pods\/hookpath-hpkc-node-a-[0-9a-f]{6}/,
    );
    const waits = cluster
      .calls()
      .map((c) => c.slice(2))
      .filter((c) => c[0] === 'wait');
    assert.deepEqual(
      waits.map((c) => c.filter((a) => a.startsWith('pod/')).length),
      [2, 2],
      'one wait for both, then both checked once more: kubectl reported neither ready',
    );
    assert.equal(waits[1]?.at(-1), '--timeout=0s');
    const files = await readSnapshotPath(out);
    const file = (path: string): string => files.find((f) => f.path === path)?.content ?? '';
    assert.match(
      file(`hosts/${NODE_A}/meta.yaml`),
      /^role: node\nnotes: "not captured: helper pod hookpath-hpkc-node-a-[0-9a-f]{6} not ready within 1 s: /,
    );
    assert.match(
      file(`hosts/${POD_A}.default/meta.yaml`),
      /^role: pod\nnode: "hpkc-node-a"\nnotes: "not captured: node hpkc-node-a: helper pod /,
    );
    assert.match(file(`hosts/${POD_B}.default/ip-addr.json`), /"local":"10\.77\.2\.2"/);
    assert.deepEqual(
      files.filter((f) => f.path.startsWith(`hosts/${NODE_A}/`)).map((f) => f.path),
      [`hosts/${NODE_A}/meta.yaml`],
    );
    assert.match(file('snapshot.yaml'), /^name: "partial"\ncluster: "hpkc-lab"\n/);
    const { errors } = parseSnapshot(files);
    assert.deepEqual(errors, []);
    assert.deepEqual(readdirSync(dirname(out)), ['partial.tar.gz'], 'the folder it was written from is removed');
    const helpers = cluster.helpers();
    assert.equal(helpers.length, 2);
    assert.ok(
      helpers.every((h) => h.deleted !== null && h.namespace === 'default'),
      'every helper pod deleted, the never-ready one too',
    );
  });

  it('a helper pod ready only after the first wait: the other node is captured meanwhile, this one through a second wait', async () => {
    const late = FIRST_WAIT_SECONDS + 5;
    const cluster = fakeCluster(sandboxes, { nodes: { [NODE_A]: { helperReadyAfterSeconds: late } } });
    const out = join(scratch('hpkc-snap-'), 'late');
    const readyTimeout = FIRST_WAIT_SECONDS + 30;
    const run = cluster.run([
      'collect',
      '--kubeconfig',
      KUBECONFIG,
      '--pods',
      `${POD_A},${POD_B}`,
      '--ready-timeout',
      String(readyTimeout),
      '--out',
      out,
    ]);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /4 hosts captured/);
    const waits = cluster
      .calls()
      .map((c) => c.slice(2))
      .filter((c) => c[0] === 'wait');
    assert.deepEqual(
      waits.map((c) => [c.filter((a) => a.startsWith('pod/')).length, c.at(-1)]),
      [
        [2, `--timeout=${FIRST_WAIT_SECONDS}s`],
        [2, '--timeout=0s'],
        [1, `--timeout=${readyTimeout - FIRST_WAIT_SECONDS}s`],
      ],
      'both in the first wait (node a first: kubectl times node b out too), both checked, node a waited for again',
    );
    // node b is captured while node a's helper pod is still starting
    const done = run.stderr.split('\n').filter((l) => l.startsWith('node '));
    assert.deepEqual(
      done.map((l) => l.split(':')[0]),
      [`node ${NODE_B}`, `node ${NODE_A}`],
      run.stderr,
    );
    const files = await readSnapshotPath(out);
    assert.match(files.find((f) => f.path === `hosts/${POD_A}.default/ip-addr.json`)?.content ?? '', /"local":"10\.77\.1\.2"/);
    assert.ok(cluster.helpers().every((h) => h.deleted !== null));
  });

  const partial = (name: string): string => join(scratch('hpkc-snap-'), name);
  const meta = (out: string, host: string): string => readFileSync(join(out, 'hosts', host, 'meta.yaml'), 'utf8');

  it('a command that hangs is killed after --timeout: an optional file is left out, a required one leaves the host out', async () => {
    const cluster = fakeCluster(sandboxes, {
      faults: [
        { node: NODE_A, program: 'sysctl', inPod: false, kind: 'hang' },
        { node: NODE_B, program: 'ip', inPod: true, kind: 'hang' },
      ],
    });
    const out = partial('hang');
    const started = Date.now();
    const run = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--pods', `${POD_A},${POD_B}`, '--timeout', '2', '--out', out]);
    assert.equal(run.status, 3, `${run.stdout}\n${run.stderr}`);
    assert.ok(Date.now() - started < 60_000, 'the hung commands did not hold the run');
    assert.match(run.stdout, /3 hosts captured \(hpkc-node-a, hpkc-node-b, hpkc-pod-a\.default\)/);
    assert.match(
      run.stdout,
      /not captured: hpkc-pod-b\.default: pod default\/hpkc-pod-b on node hpkc-node-b \(pid \d+, through pod hookpath-hpkc-node-b-[0-9a-f]{6}\): `ip -j -d addr show` exited with status 124: killed after 2 s without finishing/,
    );
    assert.equal(existsSync(join(out, 'hosts', NODE_A, 'sysctl.txt')), false);
    assert.ok(existsSync(join(out, 'hosts', NODE_A, 'iptables-save.txt')));
    assert.match(
      meta(out, NODE_A),
      /^role: node\nnotes: "sysctl.txt not written: `sysctl net.ipv4 net.bridge net.netfilter` exited with status 124: killed after 2 s without finishing/,
    );
    assert.match(meta(out, `${POD_B}.default`), /not captured: pod default\/hpkc-pod-b on node hpkc-node-b/);
    assert.deepEqual((await readSnapshot(out)).errors, []);
    assert.ok(cluster.helpers().every((h) => h.deleted !== null));
  });

  it('exec forbidden by RBAC on one node, the helper pod refused by PodSecurity on the other: nothing captured, each host says why', async () => {
    const cluster = fakeCluster(sandboxes, { nodes: { [NODE_A]: { execForbidden: true }, [NODE_B]: { podSecurity: 'baseline' } } });
    const out = partial('forbidden');
    const run = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--pods', `${POD_A},${POD_B}`, '--out', out]);
    assert.equal(run.status, 3, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /0 hosts captured \(\)/);
    assert.match(
      meta(out, NODE_A),
      /not captured: node hpkc-node-a \(through pod hookpath-hpkc-node-a-[0-9a-f]{6}\): `ip -j -d addr show` exited with status 1: Error from server \(Forbidden\): pods \\"hookpath-hpkc-node-a-[0-9a-f]{6}\\" is forbidden: User \\"hpkc-viewer\\" cannot create resource \\"pods\/exec\\"/,
    );
    assert.match(
      meta(out, NODE_B),
      /not captured: helper pod not created: `kubectl create -f - -o name` exited with status 1: Error from server \(Forbidden\): error when creating \\"STDIN\\": pods \\"hookpath-hpkc-node-b-[0-9a-f]{6}\\" is forbidden: violates PodSecurity/,
    );
    assert.match(
      meta(out, `${POD_A}.default`),
      /not captured: the container runtime's pods could not be listed: `kubectl exec hookpath-hpkc-node-a-[0-9a-f]{6} -c hookpath -- chroot \/host crictl pods -o json` exited with status 1: Error from server \(Forbidden\)/,
    );
    assert.deepEqual((await readSnapshot(out)).errors, []);
    const helpers = cluster.helpers();
    assert.deepEqual(
      helpers.map((h) => h.node),
      [NODE_A],
      'the refused helper pod was never created',
    );
    assert.ok(helpers.every((h) => h.deleted !== null));
  });

  it('the API server gone mid-way: hosts not captured say so, and the helper pods that could not be deleted are named with the command that deletes them', () => {
    const cluster = fakeCluster(sandboxes, { apiDownAfter: 12 });
    const out = partial('api-down');
    const run = cluster.run(['collect', '--kubeconfig', KUBECONFIG, '--pods', `${POD_A},${POD_B}`, '--out', out]);
    assert.equal(run.status, 3, `${run.stdout}\n${run.stderr}`);
    assert.match(
      run.stdout,
      /not captured: hpkc-node-[ab]: .*Unable to connect to the server: dial tcp 192\.168\.77\.1:6443: connect: connection refused/,
    );
    assert.match(
      run.stderr,
      /warning: helper pods of run ([0-9a-f]{6}) not deleted: Unable to connect to the server: .*; delete them with kubectl delete pods -l hookpath\.dev\/run=\1 --ignore-not-found --wait=false/,
    );
    assert.ok(
      cluster.helpers().some((h) => h.deleted === null),
      'the fake API server kept them',
    );
  });

  it('Ctrl-C: the running kubectl commands end, the helper pods are deleted, nothing is written, status 130', async () => {
    const cluster = fakeCluster(sandboxes, { nodes: { [NODE_A]: { helperNeverReady: true }, [NODE_B]: { helperNeverReady: true } } });
    const out = partial('interrupted');
    const child = spawn(process.execPath, [PLUGIN, 'collect', '--kubeconfig', KUBECONFIG, '--ready-timeout', '60', '--out', out], {
      env: cluster.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    for (let i = 0; i < 200 && cluster.helpers().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(cluster.helpers().length, 2, 'both helper pods created');
    const interrupted = Date.now();
    child.kill('SIGINT');
    assert.equal(await exited, 130, stderr);
    assert.ok(Date.now() - interrupted < 15_000, 'the run ended without waiting for its helper pods');
    assert.match(stderr, /SIGINT: deleting the helper pods, nothing written/);
    assert.ok(
      cluster.helpers().every((h) => h.deleted !== null),
      'every helper pod deleted',
    );
    assert.equal(existsSync(out), false);
  });
});

describe('kubectl hookpath collect: a cluster that cannot be reached', () => {
  it('a context the kubeconfig does not have: status 2, nothing created', () => {
    const dir = scratch('hpkc-cluster-');
    mkdirSync(join(dir, 'helpers'));
    writeFileSync(join(dir, 'cluster.json'), JSON.stringify({ context: 'hpkc-lab', nodes: [], pods: [] }));
    const r = spawnSync(process.execPath, [PLUGIN, 'collect', '--context', 'elsewhere', '--out', join(dir, 'snap')], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${FAKE_KUBECTL}:${process.env.PATH ?? ''}`, HOOKPATH_FAKE_CLUSTER: dir },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      /cannot list the cluster's nodes: `kubectl get nodes -o json` exited with status 1: error: context was not found for specified context: elsewhere/,
    );
    assert.deepEqual(readdirSync(join(dir, 'helpers')), []);
    assert.equal(existsSync(join(dir, 'snap')), false);
  });
});
