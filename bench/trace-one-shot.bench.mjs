// Benchmark: the whole one-shot `hookpath trace` (start node, read, parse, compile, trace the last
// Service) on a kube-proxy node with 100,000 Services, against `iptables-restore --test` on the same
// iptables-save. The file has the smallest kube-proxy shape (tools/gen-kube-proxy-rules.mjs --services
// 100000 --flat: a KUBE-SERVICES rule per Service jumping to its KUBE-SVC chain, which holds one
// DNAT), about 300,000 lines and 26 MB.
//
//   cli 10.77.0.2 --eth0/c0-- [gw: the rules] --s0/eth0-- srv 10.78.0.2 (the endpoint, :8080)
//
// Both commands run as child processes, alternately (BENCH_RUNS rounds, default 5), each under
// /usr/bin/time for its wall time and peak RSS; `iptables-restore --test` runs in a network namespace
// made for the bench (hpos-<pid>) and deleted on exit, also on SIGINT/SIGTERM. Each round gives a
// ratio (trace / restore of that round); the verdict is on the median ratio.
// Targets: the trace at most 1.0x `iptables-restore --test`, its peak RSS under 300 MB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGatewayLayout } from './gateway-layout.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = 100_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_RATIO = 1.0;
const TARGET_RSS_MB = 300;
const BACKEND = '10.78.0.2:8080';
const names = { cli: 'cli', gw: 'gw', srv: 'srv' };

const state = { dir: null, namespace: null };

function cleanup() {
  if (state.namespace !== null) spawnSync('ip', ['netns', 'del', state.namespace], { stdio: 'ignore' });
  state.namespace = null;
  if (state.dir !== null) rmSync(state.dir, { recursive: true, force: true });
  state.dir = null;
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const phase = (text) => process.stderr.write(`• ${text}\n`);

function referenceUnavailable() {
  if (process.getuid?.() !== 0) return 'not running as root';
  if (spawnSync('ip', ['netns', 'list'], { stdio: 'ignore' }).status !== 0) return '`ip netns` is unavailable';
  if (spawnSync('iptables-restore', ['--version'], { stdio: 'ignore' }).error !== undefined) return 'iptables-restore is not installed';
  return null;
}

/** Runs a command under /usr/bin/time: wall seconds, peak RSS in MB, its stdout. */
function timed(command, args, input) {
  const gnuTime = existsSync('/usr/bin/time');
  const start = process.hrtime.bigint();
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const kb = gnuTime ? Number(result.stderr.trim().split('\n').pop()) : Number.NaN;
  return { seconds, peakMb: kb / 1024, stdout: result.stdout };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

function main() {
  if (!existsSync(join(ROOT, 'apps/cli/dist/main.js'))) {
    console.error('apps/cli/dist is not built: run `npx tsc -b tsconfig.json` first.');
    process.exitCode = 1;
    return;
  }
  state.dir = mkdtempSync(join(tmpdir(), 'hookpath-one-shot-'));
  phase(`generating ${SERVICES.toLocaleString('en')} Services (--flat)`);
  const generated = spawnSync(
    process.execPath,
    [join(ROOT, 'tools/gen-kube-proxy-rules.mjs'), '--services', String(SERVICES), '--flat', '--backend', BACKEND],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  if (generated.status !== 0) throw new Error(`the rule generator failed: ${generated.stderr}`);
  const rules = generated.stdout;
  const rulesFile = join(state.dir, 'iptables-save.txt');
  writeFileSync(rulesFile, rules);
  const services = [...rules.matchAll(/^-A KUBE-SERVICES -d (\S+)\/32 -p tcp .* --dport (\d+) /gm)];
  const last = services.at(-1);
  const snapshot = join(state.dir, 'snapshot');
  // srv owns the endpoint: its local route delivers the DNATed packet
  writeGatewayLayout(snapshot, names, rules, { server: ['local 10.78.0.2 dev eth0 table local proto kernel scope host src 10.78.0.2'] });
  const lines = rules.split('\n').length - 1;
  const args = [
    join(ROOT, 'apps/cli/bin/hookpath.js'),
    'trace',
    snapshot,
    '--from',
    'gw:c0',
    '--src',
    '10.77.0.2',
    '--dst',
    last[1],
    '--dport',
    last[2],
  ];
  console.log(
    `trace-one-shot: ${services.length.toLocaleString('en')} Services, ${lines.toLocaleString('en')} lines, ${(statSync(rulesFile).size / 1e6).toFixed(1)} MB ` +
      `(tools/gen-kube-proxy-rules.mjs --services ${SERVICES} --flat)`,
  );
  console.log(`trace: node apps/cli/bin/hookpath.js trace <snapshot> --from gw:c0 --src 10.77.0.2 --dst ${last[1]} --dport ${last[2]}`);

  const unavailable = referenceUnavailable();
  if (unavailable === null) {
    const namespace = `hpos-${process.pid}`;
    if (spawnSync('ip', ['netns', 'add', namespace], { stdio: 'ignore' }).status === 0) state.namespace = namespace;
  }
  const rounds = [];
  for (let i = 0; i < RUNS; i++) {
    phase(`round ${i + 1} of ${RUNS}`);
    const round = {};
    // alternate which side goes first, so that neither always follows the other
    const sides = i % 2 === 0 ? ['trace', 'restore'] : ['restore', 'trace'];
    for (const side of sides) {
      if (side === 'trace') round.trace = timed(process.execPath, args);
      else if (state.namespace !== null)
        round.restore = timed('ip', ['netns', 'exec', state.namespace, 'iptables-restore', '--test'], rules);
    }
    rounds.push(round);
  }
  const output = rounds[0].trace.stdout;
  const result = /^result (\S+)/m.exec(output)?.[1] ?? '?';
  const dnat = output.includes(`-j KUBE-SVC-`) && output.includes('DNAT to 10.78.0.2:8080');

  const traces = rounds.map((r) => r.trace);
  const traceSeconds = traces.map((t) => t.seconds);
  const tracePeak = Math.max(...traces.map((t) => t.peakMb));
  console.log('                                   median     min–max (s)   peak RSS');
  console.log(
    `hookpath trace (node ${process.versions.node})`.padEnd(34) +
      `${median(traceSeconds).toFixed(2)} s`.padStart(9) +
      spread(traceSeconds).padStart(15) +
      `${tracePeak.toFixed(0)} MB`.padStart(11),
  );
  let ratio = null;
  if (state.namespace !== null) {
    const restores = rounds.map((r) => r.restore);
    const restoreSeconds = restores.map((r) => r.seconds);
    const version = (spawnSync('iptables-restore', ['--version'], { encoding: 'utf8' }).stdout ?? '').trim();
    console.log(
      `iptables-restore --test`.padEnd(34) +
        `${median(restoreSeconds).toFixed(2)} s`.padStart(9) +
        spread(restoreSeconds).padStart(15) +
        `${Math.max(...restores.map((r) => r.peakMb)).toFixed(0)} MB`.padStart(11) +
        `  (${version})`,
    );
    const ratios = rounds.map((r) => r.trace.seconds / r.restore.seconds);
    ratio = median(ratios);
    console.log(
      `ratio trace / iptables-restore --test per round: ${ratios.map((r) => r.toFixed(2)).join(' ')}; median ${ratio.toFixed(2)}`,
    );
  } else {
    console.log(`iptables-restore --test not run: ${unavailable ?? 'could not create a network namespace'}`);
  }
  console.log(`trace result ${result}${dnat ? ', DNATed by the last Service' : ''}`);
  const verdicts = [];
  let pass = result === 'DELIVERED' && dnat;
  if (!pass) verdicts.push(`the trace did not DNAT the last Service and deliver it (result ${result})`);
  if (ratio !== null) {
    if (ratio > TARGET_RATIO) pass = false;
    verdicts.push(`${ratio.toFixed(2)}x iptables-restore --test (target at most ${TARGET_RATIO.toFixed(1)})`);
  } else {
    verdicts.push('time target not checked');
  }
  if (!(tracePeak < TARGET_RSS_MB)) pass = false;
  verdicts.push(`peak RSS ${tracePeak.toFixed(0)} MB (target under ${TARGET_RSS_MB} MB)`);
  console.log(`${pass ? 'PASS' : 'FAIL'}: ${verdicts.join('; ')}`);
  if (!pass) process.exitCode = 1;
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
} finally {
  cleanup();
}
