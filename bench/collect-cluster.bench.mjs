// Benchmark: `kubectl hookpath collect` of a cluster of 50 nodes and 500 pods (BENCH_NODES,
// BENCH_PODS), each a network namespace of this machine, through the fake kubectl of the tests
// (test/fixtures/fake-kubectl: `exec` really runs in the namespaces). Every pod is asked for with
// --pods. Target: the whole collect in under a minute.
//
// Needs root and `ip netns`; without them it says so. Namespaces are named hpkb<pid>-*, and are
// deleted on exit (also on SIGINT/SIGTERM).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODES = Number(process.env.BENCH_NODES ?? 50);
const PODS = Number(process.env.BENCH_PODS ?? 500);
const TARGET_SECONDS = 60;
const pfx = `hpkb${process.pid % 100000}`;
const state = { dir: null, namespaces: [], children: [] };

function cleanup() {
  for (const child of state.children) if (child.exitCode === null) child.kill('SIGKILL');
  if (state.namespaces.length > 0) {
    const script = state.namespaces.map((n) => `netns del ${n}`).join('\n');
    spawnSync('ip', ['-force', '-batch', '-'], { input: `${script}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
  }
  state.namespaces = [];
  if (state.dir !== null) rmSync(state.dir, { recursive: true, force: true });
  state.dir = null;
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

function sh(script) {
  const result = spawnSync('sh', ['-e'], { input: script, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`setup failed (${result.status}): ${result.stderr}`);
}

if (process.getuid?.() !== 0 || spawnSync('ip', ['netns', 'list'], { stdio: 'ignore' }).status !== 0) {
  console.log('collect-cluster: needs root and `ip netns`; not run');
  process.exit(0);
}

const started = Date.now();
const nodes = Array.from({ length: NODES }, (_, i) => ({
  name: `${pfx}-n${i}`,
  netns: `${pfx}-n${i}`,
  uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  internalIP: `192.168.${Math.floor(i / 250)}.${(i % 250) + 1}`,
  podCIDR: `10.${100 + i}.0.0/24`,
}));
const pods = Array.from({ length: PODS }, (_, j) => {
  const node = nodes[j % NODES];
  const n = Math.floor(j / NODES);
  return {
    namespace: 'default',
    name: `${pfx}-p${j}`,
    netns: `${pfx}-p${j}`,
    uid: `11111111-0000-4000-8000-${String(j).padStart(12, '0')}`,
    node: node.name,
    ip: `10.${100 + (j % NODES)}.0.${n + 2}`,
    hostIP: node.internalIP,
    sandbox: j.toString(16).padStart(64, 'a'),
    n,
  };
});
state.namespaces = [...nodes.map((n) => n.netns), ...pods.map((p) => p.netns)];
sh(state.namespaces.map((n) => `ip netns add ${n}`).join('\n'));
const setup = [];
for (const node of nodes) {
  setup.push(
    `ip netns exec ${node.netns} sh -c 'ip link set lo up; sysctl -qw net.ipv4.ip_forward=1; iptables -t nat -A POSTROUTING -s ${node.podCIDR} ! -d 10.0.0.0/8 -j MASQUERADE; iptables -A FORWARD -m conntrack --ctstate INVALID -j DROP'`,
  );
}
for (const pod of pods) {
  const node = nodes.find((n) => n.name === pod.node);
  const veth = `veth${pod.n}`;
  setup.push(`ip link add eth0 netns ${pod.netns} type veth peer name ${veth} netns ${node.netns}`);
  setup.push(
    `ip -n ${pod.netns} link set lo up && ip -n ${pod.netns} addr add ${pod.ip}/32 dev eth0 && ip -n ${pod.netns} link set eth0 up && ip -n ${pod.netns} route add 169.254.1.1 dev eth0 && ip -n ${pod.netns} route add default via 169.254.1.1`,
  );
  setup.push(`ip -n ${node.netns} link set ${veth} up && ip -n ${node.netns} route add ${pod.ip}/32 dev ${veth}`);
}
sh(setup.join('\n'));
for (const pod of pods) {
  const child = spawn('ip', ['netns', 'exec', pod.netns, 'sleep', '3600'], { stdio: 'ignore' });
  state.children.push(child);
  pod.pid = child.pid;
}
state.dir = mkdtempSync(join(tmpdir(), 'hpkb-'));
writeFileSync(
  join(state.dir, 'cluster.json'),
  JSON.stringify({ context: 'bench', nodes, pods, lists: { services: [], 'endpointslices.discovery.k8s.io': [] }, apiResources: [] }),
);
console.log(`cluster: ${NODES} nodes, ${PODS} pods built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const out = join(state.dir, 'snap.tar.gz');
const args = [
  'collect',
  '--pods',
  pods.map((p) => p.name).join(','),
  '--out',
  out,
  ...(process.env.BENCH_CONCURRENCY ? ['--concurrency', process.env.BENCH_CONCURRENCY] : []),
];
// The CPU time of the collect and every program it ran (reaped children of this process, from
// /proc/self/stat), which says more than the wall time on a machine other work shares.
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
function childrenCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  return { user: Number(fields[13]) / TICKS, system: Number(fields[14]) / TICKS };
}
const load = loadavg()[0];
const cpu0 = childrenCpu();
const t0 = Date.now();
const run = spawnSync(process.execPath, [join(ROOT, 'apps/cli/bin/kubectl-hookpath.js'), ...args], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  env: { ...process.env, PATH: `${join(ROOT, 'test/fixtures/fake-kubectl')}:${process.env.PATH}`, HOOKPATH_FAKE_CLUSTER: state.dir },
});
const seconds = (Date.now() - t0) / 1000;
const cpu1 = childrenCpu();
const [user, system] = [cpu1.user - cpu0.user, cpu1.system - cpu0.system];
const summary = /^.*hosts? captured.*$/m.exec(run.stdout)?.[0].replace(/\(.*\)/, '(...)') ?? run.stdout.slice(0, 300);
console.log(`collect: exit ${run.status}, ${seconds.toFixed(1)} s: ${summary}`);
console.log(
  `collect CPU: ${(user + system).toFixed(1)} s (${user.toFixed(1)} user, ${system.toFixed(1)} system) on ${availableParallelism()} cores; load average ${load.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`,
);
if (run.status !== 0) console.log(run.stderr.split('\n').slice(-10).join('\n'));
const ok = run.status === 0 && summary.startsWith(`${out}: ${NODES + PODS} hosts captured`) && seconds < TARGET_SECONDS;
console.log(`${ok ? 'PASS' : 'FAIL'}: ${NODES} nodes and ${PODS} pods collected in ${seconds.toFixed(1)} s (target < ${TARGET_SECONDS} s)`);
// The sandboxes' processes keep the event loop alive: end them and the namespaces now.
cleanup();
process.exit(ok ? 0 : 1);
