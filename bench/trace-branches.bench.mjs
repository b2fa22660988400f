// Benchmark: what following every branch costs, on a kube-proxy snapshot of 100,000 iptables rules
// whose Services have 1, 2 or 3 endpoints (tools/gen-kube-proxy-rules.mjs without --backend: each
// KUBE-SVC chain spreads over its endpoints with `-m statistic --mode random`).
//
//   cli 10.77.0.2 --eth0/c0-- [gw: the 100k rules] --s0/eth0-- srv 10.78.0.2 (owns the endpoints' 10.244.0.0/16)
//
// Traced from gw:c0 to the last Service with three endpoints and the last with one, with the engine
// of this checkout and with the engine as it was before traces followed branches (BASELINE, built
// from git in the same run by bench/baseline-engine.mjs, which followed the first endpoint only):
//   - a Service with one endpoint meets no choice: one run, no `branches` (the single-branch trace);
//   - a Service with three endpoints: every leaf (3 runs), against its three leaves traced one by
//     one, each pinned with `--backend` (what the leaves cost on their own), and the first alone.
// Measurements alternate between the cases in rounds (in a rotating order); a ratio is taken within
// each round, so both sides see the same machine load, and the median of the rounds' ratios is
// reported with their range. A case's time in the table is its best round.
// Targets: the single-branch trace no slower than the baseline's (median ratio at most 1.05); every
// branch at most 1.1x its leaves traced one by one (the driver's own bookkeeping).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBaseline } from './baseline-engine.mjs';
import { writeGatewayLayout } from './gateway-layout.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const RULES = 100_000;
/** The last commit whose engine followed one arbitrary branch (before choice points). */
const BASELINE = '42dee91';
const ROUNDS = 20;
const RUNS_PER_ROUND = 300;
const SINGLE_TARGET = 1.05;
const BRANCH_TARGET = 1.1;
const names = { cli: 'cli', gw: 'gw', srv: 'srv' };

const phase = (text) => process.stderr.write(`• ${text}\n`);
const fmtUs = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
const best = (values) => Math.min(...values);

/** Each KUBE-SERVICES ClusterIP rule with its KUBE-SVC chain and the endpoint chains it spreads over, in order. */
function services(rules) {
  const endpoints = new Map();
  for (const m of rules.matchAll(/^-A (KUBE-SVC-\S+) .*-j (KUBE-SEP-\S+)/gm)) endpoints.set(m[1], [...(endpoints.get(m[1]) ?? []), m[2]]);
  return [...rules.matchAll(/^-A KUBE-SERVICES -d (\S+)\/32 -p tcp .*cluster IP.* --dport (\d+) -j (KUBE-SVC-\S+)/gm)].map((m) => ({
    ip: m[1],
    port: Number(m[2]),
    endpoints: endpoints.get(m[3]) ?? [],
  }));
}

/** Where an endpoint chain DNATs to (`ip:port`). */
const dnatOf = (rules, sep) => new RegExp(`^-A ${sep} .*--to-destination (\\S+)`, 'm').exec(rules)?.[1];

async function load(impl, dir) {
  const t = process.hrtime.bigint();
  const { model, errors } = impl.parseSnapshot(await impl.readSnapshotDirectory(dir));
  if (errors.length > 0) throw new Error(`the snapshot does not parse: ${JSON.stringify(errors.slice(0, 3))}`);
  const compiled = impl.engine.compileSnapshot(model);
  return { compiled, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}

function timeRuns(simulate, runs) {
  const t = process.hrtime.bigint();
  let trace = null;
  for (let i = 0; i < runs; i++) trace = simulate();
  return { us: Number(process.hrtime.bigint() - t) / 1000 / runs, trace };
}

async function main() {
  const current = {
    engine: require(join(ROOT, 'libs/engine/dist/index.js')),
    parseSnapshot: require(join(ROOT, 'libs/parsers/dist/index.js')).parseSnapshot,
    readSnapshotDirectory: require(join(ROOT, 'libs/snapshot-io/dist/index.js')).readSnapshotDirectory,
  };
  phase(`building the engine of ${BASELINE} (before branches) for the same-run reference`);
  const baseline = buildBaseline(BASELINE);
  const dir = mkdtempSync(join(tmpdir(), 'hookpath-branch-bench-'));
  try {
    phase(`generating ${RULES.toLocaleString('en')} rules (Services of 1 to 3 endpoints)`);
    const gen = spawnSync(process.execPath, [join(ROOT, 'tools', 'gen-kube-proxy-rules.mjs'), '--rules', String(RULES)], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    if (gen.status !== 0) throw new Error(`the rule generator failed: ${gen.stderr}`);
    const rules = gen.stdout;
    writeFileSync(join(dir, 'rules.txt'), rules);
    writeGatewayLayout(join(dir, 'snapshot'), names, rules, {
      gateway: ['10.244.0.0/16 via 10.78.0.2 dev s0'],
      server: ['local 10.244.0.0/16 dev lo table local proto kernel scope host src 10.78.0.2'],
    });
    const list = services(rules);
    const three = list.findLast((s) => s.endpoints.length === 3);
    const one = list.findLast((s) => s.endpoints.length === 1);
    if (three === undefined || one === undefined) throw new Error('the generated rules have no Service with one or three endpoints');
    const backends = three.endpoints.map((sep) => dnatOf(rules, sep));
    if (backends.some((b) => b === undefined)) throw new Error(`no DNAT in one of ${three.endpoints.join(', ')}`);
    const backend = backends[0];
    const request = (s) => ({ from: `${names.gw}:c0`, packet: { src: '10.77.0.2', dst: s.ip, proto: 'tcp', sport: 40000, dport: s.port } });

    phase('loading the snapshot (read + parse + compile)');
    const now = await load(current, join(dir, 'snapshot'));
    const before = baseline.unavailable === undefined ? await load(baseline, join(dir, 'snapshot')) : null;

    const cases = {
      'one endpoint': () => current.engine.simulateCompiled(now.compiled, request(one)),
      'three, every branch': () => current.engine.simulateCompiled(now.compiled, request(three)),
      'three, --backend': () => current.engine.simulateCompiled(now.compiled, request(three), { backend }),
      'three, each leaf pinned': () =>
        backends.map((b) => current.engine.simulateCompiled(now.compiled, request(three), { backend: b }))[0],
    };
    if (before !== null) {
      cases['one endpoint (baseline)'] = () => baseline.engine.simulateCompiled(before.compiled, request(one));
      cases['three (baseline)'] = () => baseline.engine.simulateCompiled(before.compiled, request(three));
    }
    phase(`tracing: ${ROUNDS} rounds of ${RUNS_PER_ROUND} runs per case, the cases alternating`);
    const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    const last = {};
    for (const run of Object.values(cases)) timeRuns(run, 50);
    const order = Object.entries(cases);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < order.length; k++) {
        const [name, run] = order[(round + k) % order.length];
        const r = timeRuns(run, RUNS_PER_ROUND);
        samples[name].push(r.us);
        last[name] = r.trace;
      }
    }

    console.log(
      `trace-branches: ${RULES.toLocaleString('en')} rules, ${list.length.toLocaleString('en')} ClusterIP Services; traced ${one.ip}:${one.port} (1 endpoint) and ${three.ip}:${three.port} (3 endpoints)`,
    );
    console.log(`load (read + parse + compile): ${now.ms.toFixed(0)} ms${before === null ? '' : `; baseline ${before.ms.toFixed(0)} ms`}`);
    console.log('case                      leaves  disposition      best round, per trace');
    for (const [name, values] of Object.entries(samples)) {
      const t = last[name];
      const leaves = t.branches?.length ?? 1;
      console.log(`${name.padEnd(25)} ${String(leaves).padStart(6)}  ${t.disposition.padEnd(15)} ${fmtUs(best(values)).padStart(12)}`);
    }
    let failed = false;
    const leaves = last['three, every branch'].branches?.length ?? 0;
    if (
      leaves !== 3 ||
      last['one endpoint'].branches !== undefined ||
      last['three, --backend'].branches !== undefined ||
      last['three, each leaf pinned'].branches !== undefined
    ) {
      console.log(`FAIL: expected 3 leaves for the three-endpoint Service and none for the others (got ${leaves})`);
      failed = true;
    }
    if (Object.values(last).some((t) => t.disposition === 'UNKNOWN')) {
      console.log('FAIL: a benchmark trace ended UNKNOWN');
      failed = true;
    }
    /** Per round a / b: the median and the range. */
    const ratio = (a, b) => {
      const r = samples[a].map((x, i) => x / samples[b][i]).sort((x, y) => x - y);
      return { median: r[Math.floor(r.length / 2)], low: r[0], high: r[r.length - 1] };
    };
    const fmt = (r) => `${r.median.toFixed(3)}x (rounds ${r.low.toFixed(2)}-${r.high.toFixed(2)})`;
    const branchRatio = ratio('three, every branch', 'three, each leaf pinned');
    console.log(
      `every branch / its ${leaves} leaves pinned one by one: ${fmt(branchRatio)} (target at most ${BRANCH_TARGET}x); / the first leaf alone: ${fmt(ratio('three, every branch', 'three, --backend'))}`,
    );
    if (branchRatio.median > BRANCH_TARGET) failed = true;
    if (before === null) {
      console.log(`baseline: not measured (${baseline.unavailable})`);
    } else {
      const singleRatio = ratio('one endpoint', 'one endpoint (baseline)');
      console.log(
        `single-branch trace / baseline ${BASELINE}: ${fmt(singleRatio)} (target at most ${SINGLE_TARGET}x); pinned three-endpoint trace / baseline's first-endpoint trace: ${fmt(ratio('three, --backend', 'three (baseline)'))}`,
      );
      if (singleRatio.median > SINGLE_TARGET) failed = true;
    }
    console.log(failed ? 'FAIL' : 'PASS');
    if (failed) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
