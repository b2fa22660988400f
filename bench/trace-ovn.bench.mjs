// Benchmark: OVN traces on kube-ovn-shaped northbound databases (tools/gen-kube-ovn-nb.mjs), a small
// one (~50 switch ports) and a large one (≥ 5,000 switch ports, ≥ 1,000 LB VIPs, ≥ 500 NAT rows,
// ≥ 200 ACLs), against ovn-trace for the same microflows on the same, northd-compiled southbound
// database, measured in the same run.
//
//   node bench/trace-ovn.bench.mjs [small|large]     (needs the built dist: npm run build)
//
// Per size: (a) loading, parse + compile of the snapshot (median of N, the files already read);
// (b) one loaded trace (simulateCompiled) per microflow kind, median and p99 of many; (c) one
// `ovn-trace --minimal <datapath> '<microflow>'` call (--ct new, --lb-dst where a load balancer
// picks a backend) against an ovsdb-server holding the saved SB, median of several calls (each call
// loads the whole SB, as users run it). Targets (issue 9): a loaded trace costs at most 1/100 of an
// ovn-trace call; the large NB loads in under 1 s. A trace that ends UNKNOWN measures nothing: the
// bench fails, naming the flow and its dropReason. Where the engine's end differs from ovn-trace's
// output, the row says so.
//
// Generation (real ovn-nbctl + ovn-northd, seconds to minutes) is not timed and is cached in
// bench/.cache/<size>-<hash of the generator and its parameters>/. Without OVN installed, a cached
// database is still traced by the engine; ovn-trace's side then says why it is missing.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, PRESETS } from '../tools/gen-kube-ovn-nb.mjs';
import { OvnSandbox, ovnUnavailable } from '../tools/ovn-sandbox.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, 'bench', '.cache');
const require = createRequire(import.meta.url);
const SETTINGS = {
  small: { loads: 20, warmup: 500, runs: 5000, ovnCalls: 7 },
  large: { loads: 7, warmup: 300, runs: 3000, ovnCalls: 3 },
};
const TARGET_RATIO = 0.01;
const TARGET_LOAD_MS = 1000;

const phase = (text) => process.stderr.write(`• ${text}\n`);
const since = (t) => Number(process.hrtime.bigint() - t) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const fmtMs = (ms) => (ms >= 1 ? `${ms.toFixed(ms >= 100 ? 0 : 1)} ms` : `${(ms * 1000).toFixed(1)} µs`);

function load() {
  try {
    return { parsers: require('@hookpath/parsers'), engine: require('@hookpath/engine') };
  } catch (error) {
    console.error(`libs/parsers or libs/engine dist is not built (or does not load): run \`npm run build\` first (${error.message}).`);
    process.exit(1);
  }
}

/** The cached database of a preset, generated when missing (not timed). */
async function database(size) {
  const params = PRESETS[size];
  const hash = createHash('sha256');
  for (const file of ['tools/gen-kube-ovn-nb.mjs', 'tools/ovn-sandbox.mjs']) hash.update(readFileSync(join(ROOT, file)));
  hash.update(JSON.stringify(params));
  const dir = join(CACHE, `${size}-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(join(dir, 'summary.json'))) return dir;
  const unavailable = ovnUnavailable();
  if (unavailable !== null) throw new Error(`no cached ${size} database and OVN cannot run: ${unavailable}`);
  phase(`generating the ${size} northbound database with ovn-nbctl + ovn-northd (cached in ${dir.slice(ROOT.length + 1)})`);
  // databases of earlier generator versions or parameters are never read again
  if (existsSync(CACHE))
    for (const old of readdirSync(CACHE)) if (old.startsWith(`${size}-`)) rmSync(join(CACHE, old), { recursive: true, force: true });
  await generate(params, dir);
  return dir;
}

function readSnapshot(dir) {
  const ovn = join(dir, 'snapshot', 'ovn');
  return readdirSync(ovn)
    .sort()
    .map((name) => ({ path: `ovn/${name}`, content: readFileSync(join(ovn, name), 'utf8') }));
}

function loadOnce(parsers, engine, files) {
  const t = process.hrtime.bigint();
  const { model, errors } = parsers.parseSnapshot(files);
  if (errors.length > 0) throw new Error(`the snapshot does not parse: ${JSON.stringify(errors.slice(0, 3))}`);
  const parsedMs = since(t);
  const compiled = engine.compileSnapshot(model);
  return { compiled, parseMs: parsedMs, totalMs: since(t) };
}

function timeTraces(engine, compiled, flow, warmup, runs) {
  for (let i = 0; i < warmup; i++) engine.simulateCompiled(compiled, flow.request, flow.options);
  const times = new Float64Array(runs);
  let trace = null;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    trace = engine.simulateCompiled(compiled, flow.request, flow.options);
    times[i] = since(t);
  }
  return { median: median(times), p99: quantile(times, 0.99), trace };
}

/** The last port ovn-trace --minimal outputs to, or the drop/ARP it ends in. */
function ovnTraceEnd(text) {
  const outputs = [...text.matchAll(/output\("([^"]+)"\)/g)];
  if (outputs.length > 0) return `output ${outputs.at(-1)[1]}`;
  if (/\barp \{/.test(text)) return 'ARP request';
  if (/\bdrop;/.test(text)) return 'drop';
  return 'nothing';
}

function engineEnd(trace) {
  if (trace.disposition === 'EXITED' || trace.disposition === 'DELIVERED')
    return trace.end.iface === null ? `${trace.disposition} at ${trace.end.host}` : `output ${trace.end.iface}`;
  if (trace.dropReason === 'NO_NEIGHBOR') return 'ARP request';
  if (trace.disposition === 'DROPPED') return 'drop';
  return trace.disposition;
}

function ovnTraceCalls(sandbox, flow, calls) {
  const args = [`--db=${sandbox.sbDb}`, '--minimal', ...flow.ovnTraceArgs, flow.datapath, flow.microflow];
  const times = [];
  let out = '';
  for (let i = 0; i < calls; i++) {
    const t = process.hrtime.bigint();
    out = sandbox.run('ovn-trace', args);
    times.push(since(t));
  }
  return { median: median(times), end: ovnTraceEnd(out) };
}

async function benchSize(size, parsers, engine, ovnMissing) {
  const cfg = SETTINGS[size];
  const dir = await database(size);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  const flows = JSON.parse(readFileSync(join(dir, 'flows.json'), 'utf8'));
  const files = readSnapshot(dir);
  const bytes = files.reduce((n, f) => n + f.content.length, 0);

  phase(`${size}: engine load (${cfg.loads} times) and traces`);
  const loads = [];
  let compiled = null;
  for (let i = 0; i < cfg.loads; i++) {
    globalThis.gc?.();
    const r = loadOnce(parsers, engine, files);
    loads.push(r);
    compiled = r.compiled;
  }
  const loadMs = median(loads.map((r) => r.totalMs));
  const parseMs = median(loads.map((r) => r.parseMs));
  const rows = flows.map((flow) => {
    try {
      return { flow, engine: timeTraces(engine, compiled, flow, cfg.warmup, cfg.runs), ovn: null };
    } catch (error) {
      throw new Error(
        `${size} "${flow.kind}" (${JSON.stringify(flow.request)}): the engine refused the trace: ${error instanceof Error ? error.message : error}`,
      );
    }
  });

  if (ovnMissing === null) {
    phase(`${size}: ovn-trace, ${cfg.ovnCalls} calls per flow`);
    const sandbox = new OvnSandbox('hookpath-bench-ovn-');
    try {
      await sandbox.startDb('sb', join(dir, 'sb.db'));
      for (const row of rows) row.ovn = ovnTraceCalls(sandbox, row.flow, cfg.ovnCalls);
    } finally {
      await sandbox.stopDaemons();
      sandbox.stopNow();
    }
  }

  const c = summary.counts;
  console.log(
    `\n${size}: ${c.switchPorts.toLocaleString('en')} logical switch ports, ${c.vips.toLocaleString('en')} LB VIPs, ${c.nat} NAT rows, ${c.acls} ACLs, ${c.policies} router policies, ${c.routes} static routes, ${c.routers} routers, ${c.switches} switches; ${c.logicalFlows.toLocaleString('en')} logical flows in the SB; snapshot ${(bytes / 1e6).toFixed(1)} MB`,
  );
  console.log(`engine load (parse + compile, median of ${cfg.loads}): ${fmtMs(loadMs)} (parse ${fmtMs(parseMs)})`);
  console.log(
    `${'flow'.padEnd(46)} ${'hookpath'.padEnd(28)} ${'trace median'.padStart(12)} ${'p99'.padStart(9)} ${'ovn-trace call'.padStart(14)} ${'ratio'.padStart(10)}  ovn-trace ends`,
  );
  for (const { flow, engine: e, ovn } of rows) {
    const t = e.trace;
    const outcome = `${t.disposition}${t.dropReason === null ? '' : ` ${t.dropReason}`}`;
    const ratio = ovn === null ? '—' : `1/${Math.round(ovn.median / e.median).toLocaleString('en')}`;
    const agrees = ovn === null ? '' : engineEnd(t) === ovn.end ? `${ovn.end} (same)` : `${ovn.end} (DIFFERS: hookpath ${engineEnd(t)})`;
    console.log(
      `${flow.kind.padEnd(46)} ${outcome.padEnd(28)} ${fmtMs(e.median).padStart(12)} ${fmtMs(e.p99).padStart(9)} ${(ovn === null ? '—' : fmtMs(ovn.median)).padStart(14)} ${ratio.padStart(10)}  ${agrees}`,
    );
  }
  return { size, loadMs, rows };
}

async function main() {
  const { parsers, engine } = load();
  const only = process.argv.slice(2).filter((a) => a in SETTINGS);
  const sizes = only.length > 0 ? only : Object.keys(SETTINGS);
  const ovnMissing = ovnUnavailable();
  const results = [];
  for (const size of sizes) results.push(await benchSize(size, parsers, engine, ovnMissing));

  console.log('');
  let failed = false;
  for (const { size, loadMs, rows } of results) {
    for (const { flow, engine: e, ovn } of rows) {
      if (e.trace.disposition === 'UNKNOWN') {
        failed = true;
        console.log(
          `FAIL: ${size} "${flow.kind}" (${flow.request.from} ${flow.request.packet.src} -> ${flow.request.packet.dst}) ends UNKNOWN: ${e.trace.dropReason}`,
        );
      }
      if (ovn !== null && engineEnd(e.trace) !== ovn.end) {
        console.log(
          `WARN: ${size} "${flow.kind}": hookpath ends ${engineEnd(e.trace)} (${e.trace.dropReason ?? e.trace.disposition}), ovn-trace ${ovn.end}`,
        );
      }
    }
    if (size === 'large') {
      const ok = loadMs < TARGET_LOAD_MS;
      failed ||= !ok;
      console.log(`${ok ? 'PASS' : 'FAIL'}: the large NB loads in ${fmtMs(loadMs)} (target under ${fmtMs(TARGET_LOAD_MS)})`);
    }
    if (ovnMissing !== null) continue;
    const worst = Math.max(...rows.map((r) => r.engine.median / r.ovn.median));
    const ok = worst <= TARGET_RATIO;
    failed ||= !ok;
    console.log(
      `${ok ? 'PASS' : 'FAIL'}: ${size}: a loaded trace costs at most 1/${Math.round(1 / worst).toLocaleString('en')} of an ovn-trace call (target at most 1/${1 / TARGET_RATIO})`,
    );
  }
  if (ovnMissing !== null) console.log(`ovn-trace: not measured (${ovnMissing})`);
  if (failed) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
