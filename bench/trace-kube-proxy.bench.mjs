// Benchmark: a whole trace (simulate) on a kube-proxy-like snapshot of 100,000 iptables rules,
// against what the kernel itself spends on the same rules for the same packet.
//
//   cli 10.77.0.2 --eth0/c0-- [gw] --s0/eth0-- srv 10.78.0.2 (TCP echo on :8080)
//
// The three namespaces are captured with `hookpath collect` (the collector users run); the gateway's
// iptables-save.txt is then the generated 100k-rule file, which is also restored into the real
// gateway. Kernel cost of walking the rules for one packet: median TCP connect time through the
// LAST service minus through the FIRST one (both walk the same path; the last one also walks the
// whole KUBE-SERVICES chain on its SYN; one new connection per sample, as in
// shared/oracle/kernel/perf_rules.sh). Engine: load (read + parse + compile), median and p99 of one
// trace for first service / last service / no service, the last service again with 20,000 ESTABLISHED
// conntrack entries on the gateway, and traces per second on one core for a mix of the first three.
// Target: a last-service trace costs at most a twentieth of the kernel's walk (issue 13).
//
// Needs root and `ip netns` for the kernel part; without them it says so and reports the engine only.
// Namespaces are named hpbt-<pid>-*, and are deleted on exit (also on SIGINT/SIGTERM).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGatewayLayout } from './gateway-layout.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const RULES = 100_000;
const TRACE_RUNS = 3000;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 600);
const TARGET_RATIO = 0.05;
const BACKEND = '10.78.0.2:8080';

const pfx = `hpbt${process.pid % 100000}`;
const CONNTRACK_ENTRIES = 20_000;
const ns = { cli: `${pfx}-cli`, gw: `${pfx}-gw`, srv: `${pfx}-srv` };
const state = { dir: null, namespaces: [], children: [] };

function cleanup() {
  for (const child of state.children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const name of state.namespaces) {
    const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split(/\s+/).filter(Boolean)) spawnSync('kill', ['-9', pid]);
    spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  }
  state.namespaces = [];
  if (state.dir !== null) rmSync(state.dir, { recursive: true, force: true });
  state.dir = null;
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function sh(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}): ${result.stderr ?? ''}`);
  return result.stdout;
}
const inNs = (name, cmd, args, options) => sh('ip', ['netns', 'exec', name, cmd, ...args], options);

function kernelUnavailable() {
  if (process.getuid?.() !== 0) return 'not running as root';
  if (spawnSync('ip', ['netns', 'list'], { stdio: 'ignore' }).status !== 0) return '`ip netns` is unavailable';
  if (spawnSync('iptables-restore', ['--version'], { stdio: 'ignore' }).error !== undefined) return 'iptables-restore is not installed';
  if (spawnSync('python3', ['--version'], { stdio: 'ignore' }).error !== undefined) return 'python3 is not installed';
  return null;
}

function buildNamespaces() {
  for (const name of Object.values(ns)) {
    spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    sh('ip', ['netns', 'add', name]);
    state.namespaces.push(name);
    inNs(name, 'ip', ['link', 'set', 'lo', 'up']);
  }
  sh('ip', ['link', 'add', 'eth0', 'netns', ns.cli, 'type', 'veth', 'peer', 'name', 'c0', 'netns', ns.gw]);
  sh('ip', ['link', 'add', 's0', 'netns', ns.gw, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.srv]);
  const cfg = [
    [ns.cli, ['ip', 'addr', 'add', '10.77.0.2/24', 'dev', 'eth0']],
    [ns.cli, ['ip', 'link', 'set', 'eth0', 'up']],
    [ns.cli, ['ip', 'route', 'add', 'default', 'via', '10.77.0.1']],
    [ns.gw, ['ip', 'addr', 'add', '10.77.0.1/24', 'dev', 'c0']],
    [ns.gw, ['ip', 'addr', 'add', '10.78.0.1/24', 'dev', 's0']],
    [ns.gw, ['ip', 'link', 'set', 'c0', 'up']],
    [ns.gw, ['ip', 'link', 'set', 's0', 'up']],
    [ns.gw, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']],
    [ns.srv, ['ip', 'addr', 'add', '10.78.0.2/24', 'dev', 'eth0']],
    [ns.srv, ['ip', 'link', 'set', 'eth0', 'up']],
    [ns.srv, ['ip', 'route', 'add', 'default', 'via', '10.78.0.1']],
  ];
  for (const [name, [cmd, ...args]] of cfg) inNs(name, cmd, args);
}

const ECHO_SERVER = `
import socket, socketserver
class H(socketserver.BaseRequestHandler):
    def handle(self):
        try:
            while True:
                d = self.request.recv(4096)
                if not d: break
                self.request.sendall(d)
        except OSError:
            pass
class S(socketserver.ThreadingTCPServer):
    allow_reuse_address = True; daemon_threads = True; request_queue_size = 1024
S(("0.0.0.0", 8080), H).serve_forever()
`;

// One new TCP connection per sample (RST on close: no TIME_WAIT); prints the median in microseconds.
const CONNECT_PROBE = `
import socket, struct, sys, time
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lat = []
for i in range(n + 20):
    s = socket.socket(); s.settimeout(2)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    t = time.perf_counter_ns()
    s.connect((host, port)); d = time.perf_counter_ns() - t
    if i >= 20: lat.append(d)
    s.close()
lat.sort()
print(lat[len(lat) // 2] / 1000)
`;

function connectMedianUs(host, port) {
  return Number(inNs(ns.cli, 'taskset', ['-c', '0', 'python3', '-c', CONNECT_PROBE, host, String(port), String(SAMPLES)]).trim());
}

function generateRules(file) {
  const fd = openSync(file, 'w');
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'tools', 'gen-kube-proxy-rules.mjs'), '--rules', String(RULES), '--backend', BACKEND],
    {
      stdio: ['ignore', fd, 'inherit'],
      maxBuffer: 1 << 30,
    },
  );
  closeSync(fd);
  if (result.status !== 0) throw new Error('the rule generator failed');
  const services = [...readFileSync(file, 'utf8').matchAll(/^-A KUBE-SERVICES -d (\S+)\/32 -p tcp .* --dport (\d+) /gm)];
  const total = Number(/(\d+) rules/.exec(readFileSync(file, 'utf8').slice(0, 200))?.[1] ?? RULES);
  return {
    first: { ip: services[0][1], port: Number(services[0][2]) },
    last: { ip: services.at(-1)[1], port: Number(services.at(-1)[2]) },
    services: services.length,
    total,
  };
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function timeTraces(engine, compiled, request, runs) {
  const times = new Float64Array(runs);
  let trace = null;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    trace = engine.simulateCompiled(compiled, request);
    times[i] = Number(process.hrtime.bigint() - t) / 1000;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), trace };
}

const phase = (text) => process.stderr.write(`• ${text}\n`);
const fmtUs = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);

async function main() {
  const engine = require(join(ROOT, 'libs/engine/dist/index.js'));
  const { parseSnapshot } = require(join(ROOT, 'libs/parsers/dist/index.js'));
  const { readSnapshotDirectory } = require(join(ROOT, 'libs/snapshot-io/dist/index.js'));
  state.dir = mkdtempSync(join(tmpdir(), 'hookpath-trace-bench-'));
  const rulesFile = join(state.dir, 'rules.txt');
  phase(`generating ${RULES.toLocaleString('en')} rules`);
  const services = generateRules(rulesFile);
  const unavailable = kernelUnavailable();
  const snapshotDir = join(state.dir, 'snapshot');
  let kernel = null;
  if (unavailable === null) {
    phase('building namespaces and capturing them with hookpath collect');
    buildNamespaces();
    const server = spawn('ip', ['netns', 'exec', ns.srv, 'python3', '-c', ECHO_SERVER], { stdio: 'ignore' });
    state.children.push(server);
    // the server must not keep this process alive: cleanup() kills it on exit
    server.unref();
    sh(process.execPath, [join(ROOT, 'apps/cli/bin/hookpath.js'), 'collect', '--netns', ns.cli, ns.gw, ns.srv, '--out', snapshotDir]);
    writeFileSync(join(snapshotDir, 'hosts', ns.gw, 'iptables-save.txt'), readFileSync(rulesFile));
    phase('iptables-restore of the rules in the gateway namespace');
    const restoreStart = process.hrtime.bigint();
    inNs(ns.gw, 'iptables-restore', [], { input: readFileSync(rulesFile), maxBuffer: 1 << 26 });
    const restoreMs = Number(process.hrtime.bigint() - restoreStart) / 1e6;
    await new Promise((r) => setTimeout(r, 300));
    phase(`kernel: ${SAMPLES} TCP connects through the first and the last service`);
    const first = connectMedianUs(services.first.ip, services.first.port);
    const last = connectMedianUs(services.last.ip, services.last.port);
    kernel = { restoreMs, first, last, walk: last - first };
  } else {
    // Without namespaces the same layout is written by hand (no kernel numbers then).
    writeGatewayLayout(snapshotDir, ns, readFileSync(rulesFile, 'utf8'));
  }

  phase('engine: load and trace');
  const loadStart = process.hrtime.bigint();
  const files = await readSnapshotDirectory(snapshotDir);
  const { model, errors } = parseSnapshot(files);
  if (errors.length > 0) throw new Error(`the snapshot does not parse: ${JSON.stringify(errors.slice(0, 3))}`);
  const compiled = engine.compileSnapshot(model);
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;

  const request = (dst, dport) => ({ from: `${ns.gw}:c0`, packet: { src: '10.77.0.2', dst, proto: 'tcp', sport: 40000, dport } });
  const flows = {
    'first service': request(services.first.ip, services.first.port),
    'last service': request(services.last.ip, services.last.port),
    'no service': request('10.78.0.2', 8080),
  };
  const results = {};
  for (const [name, req] of Object.entries(flows)) {
    timeTraces(engine, compiled, req, 200);
    results[name] = timeTraces(engine, compiled, req, TRACE_RUNS);
  }
  // The last service again on a gateway holding 20,000 ESTABLISHED connections of other clients: a
  // trace looks entries up, it does not copy the table.
  const entries = Array.from({ length: CONNTRACK_ENTRIES }, (_, i) => {
    const client = `10.79.${(i >> 8) & 255}.${i & 255}`;
    return {
      family: 'ipv4',
      protocol: 'tcp',
      protoNum: 6,
      timeout: 431999,
      state: 'ESTABLISHED',
      original: { src: client, dst: '10.78.0.2', sport: 30000 + (i % 30000), dport: 8080 },
      reply: { src: '10.78.0.2', dst: client, sport: 8080, dport: 30000 + (i % 30000) },
      unreplied: false,
      assured: true,
      text: `tcp 6 431999 ESTABLISHED src=${client} dst=10.78.0.2 sport=${30000 + (i % 30000)} dport=8080 src=10.78.0.2 dst=${client} sport=8080 dport=${30000 + (i % 30000)} [ASSURED] mark=0 use=1`,
      line: i + 1,
    };
  });
  const busy = engine.compileSnapshot({ ...model, hosts: model.hosts.map((h) => (h.name === ns.gw ? { ...h, conntrack: entries } : h)) });
  timeTraces(engine, busy, flows['last service'], 200);
  results[`last, ${CONNTRACK_ENTRIES / 1000}k conns`] = timeTraces(engine, busy, flows['last service'], TRACE_RUNS);
  const mix = Object.values(flows);
  const mixStart = process.hrtime.bigint();
  const mixRuns = TRACE_RUNS * 3;
  for (let i = 0; i < mixRuns; i++) engine.simulateCompiled(compiled, mix[i % mix.length]);
  const perSecond = mixRuns / (Number(process.hrtime.bigint() - mixStart) / 1e9);

  console.log(
    `trace-kube-proxy: ${services.total.toLocaleString('en')} rules, ${services.services.toLocaleString('en')} services; snapshot from hookpath collect${unavailable === null ? '' : ' layout (written by hand: ' + unavailable + ')'}`,
  );
  console.log(`engine load (read + parse + compile): ${loadMs.toFixed(0)} ms`);
  console.log('flow               disposition   steps      median        p99');
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(18)} ${r.trace.disposition.padEnd(12)} ${String(r.trace.steps.length).padStart(6)} ${fmtUs(r.median).padStart(12)} ${fmtUs(r.p99).padStart(10)}`,
    );
  }
  console.log(`traces per second on one core (mix of the three): ${Math.round(perSecond).toLocaleString('en')}`);
  const ok = Object.values(results).every((r) => r.trace.disposition !== 'UNKNOWN');
  if (!ok) {
    console.log('FAIL: a benchmark flow ended UNKNOWN');
    process.exitCode = 1;
    return;
  }
  if (kernel === null) {
    console.log(`kernel: not measured (${unavailable})`);
    return;
  }
  console.log(
    `kernel: iptables-restore of the rules ${(kernel.restoreMs / 1000).toFixed(1)} s; TCP connect median through the first service ${fmtUs(kernel.first)}, the last ${fmtUs(kernel.last)} (${SAMPLES} connections each)`,
  );
  console.log(`kernel cost of walking the rules for the last service's SYN: ${fmtUs(kernel.walk)}`);
  const ratio = results['last service'].median / kernel.walk;
  console.log(`ratio engine trace (last service) / kernel walk: ${ratio.toFixed(3)}`);
  if (kernel.walk <= 0) {
    console.log('FAIL: the kernel walk could not be measured (last <= first)');
    process.exitCode = 1;
  } else if (ratio <= TARGET_RATIO) {
    console.log(`PASS: a trace costs ${ratio.toFixed(3)}x the kernel's walk (target at most ${TARGET_RATIO})`);
  } else {
    console.log(`FAIL: a trace costs ${ratio.toFixed(3)}x the kernel's walk (target at most ${TARGET_RATIO})`);
    process.exitCode = 1;
  }
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  })
  .finally(cleanup);
