// Benchmark: how the service's cost grows with the cluster. For each size, a whole kube-ovn cluster
// with kube-proxy (tools/gen-kube-ovn-cluster.mjs: N nodes of about 20,000 iptables rules each, a
// 5,000-port OVN northbound database with a router, NAT and load balancers) goes through the real
// service: the API process, BullMQ on Redis, worker processes and Postgres.
//
//   npm run bench -- cluster-scale                       # the default sizes (below)
//   BENCH_SIZES=25,50,100,200 npm run bench -- cluster-scale
//
// Per size, with a fresh API and database:
// - upload: the snapshot as .tar.gz through POST /api/v1/snapshots (multipart), wall time until the
//   201, and the API's peak RSS (VmHWM of /proc/<pid>/status) after it;
// - one worker: a batch of every generated flow (POST /api/v1/trace-batches with the generator's
//   flows, long-polled until completed) run once cold (the worker loads the snapshot from Postgres
//   and compiles it) and then warm (runs not measured until three in a row compile no iptables rule nor chain index in any
//   worker, as their hookpath_iptables_* counters say, at most BENCH_MAX_WARMUP_RUNS, 16; then
//   BENCH_WARM_RUNS runs, 3, the median); the worker's RSS and peak RSS with the snapshot compiled;
// - two workers: a second worker started, the batch run once for it to load the snapshot, then warm
//   alike; at the end, each worker's peak RSS over all the batches it ran.
// Targets at 200 hosts: upload < 30 s, either worker's peak RSS < 2 GB, warm batch time linear in flows (time
// per flow within 1.5x of the smallest size's) and close to half with two workers (at most 0.6x).
//
// Environment: BENCH_SIZES (default 25,50: 100 and 200 hosts take about half an hour more on a 2-core
// machine, so the full run is `BENCH_SIZES=25,50,100,200`), BENCH_RULES_PER_NODE (20000), BENCH_PORTS (5000),
// BENCH_FLOWS_PER_NODE (50), BENCH_WORKER_CONCURRENCY (2), BENCH_MAX_WARMUP_RUNS (16), BENCH_WARM_RUNS (3). The API runs with limits raised for these
// archives (HOOKPATH_MAX_UPLOAD_BYTES 1 GiB, HOOKPATH_MAX_UNPACKED_BYTES 2 GiB - 1); the generated
// snapshots are cached as .tar.gz in bench/.cache/. Uses its own databases (dropped at the end) and
// queue prefixes; needs the local Postgres and Redis.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchService, freePort } from './bench-service.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, 'bench', '.cache');
const GENERATOR = join(ROOT, 'tools', 'gen-kube-ovn-cluster.mjs');
const SIZES = (process.env.BENCH_SIZES ?? '25,50').split(',').map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 2) throw new Error(`BENCH_SIZES: "${s}" is not a number of hosts (at least 2)`);
  return n;
});
const RULES_PER_NODE = Number(process.env.BENCH_RULES_PER_NODE ?? 20_000);
const PORTS = Number(process.env.BENCH_PORTS ?? 5_000);
const FLOWS_PER_NODE = Number(process.env.BENCH_FLOWS_PER_NODE ?? 50);
const CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY ?? '2';
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 3);
const MAX_WARMUP_RUNS = Number(process.env.BENCH_MAX_WARMUP_RUNS ?? 16);
/** Warm-up runs in a row that compile no rule before the measured runs (one or two alone can be luck: every chunk a worker took was one it knew). */
const SETTLED_RUNS = 3;
const GiB = 1024 ** 3;
const API_LIMITS = {
  HOOKPATH_MAX_UPLOAD_BYTES: String(GiB),
  HOOKPATH_MAX_UNPACKED_BYTES: String(2 ** 31 - 1),
  HOOKPATH_MAX_FILES: '100000',
};
const TARGET_HOSTS = 200;
const BATCH_DEADLINE_MS = 20 * 60_000;
const TARGET_UPLOAD_S = 30;
const TARGET_WORKER_BYTES = 2 * GiB;
const TARGET_LINEAR = 1.5;
const TARGET_TWO_WORKERS = 0.6;

const phase = (text) => process.stderr.write(`• ${text}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes) => `${Math.round(bytes / 1024 ** 2)} MiB`;

/** VmRSS and VmHWM (peak) of a process, in bytes. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** The generated cluster of `nodes` hosts as .tar.gz, its flows and counts; generated when missing (not timed). */
function cluster(nodes) {
  const params = { nodes, rules: RULES_PER_NODE, ports: PORTS, flows: FLOWS_PER_NODE };
  const hash = createHash('sha256').update(readFileSync(GENERATOR)).update(JSON.stringify(params)).digest('hex').slice(0, 12);
  const dir = join(CACHE, `cluster-${nodes}-${hash}`);
  if (!existsSync(join(dir, 'summary.json'))) {
    // clusters of earlier generator versions or parameters are never read again
    if (existsSync(CACHE))
      for (const old of readdirSync(CACHE))
        if (old.startsWith(`cluster-${nodes}-`)) rmSync(join(CACHE, old), { recursive: true, force: true });
    phase(`generating ${nodes} hosts (cached in ${dir.slice(ROOT.length + 1)})`);
    const work = `${dir}.partial`;
    mkdirSync(CACHE, { recursive: true });
    execFileSync(
      process.execPath,
      [
        GENERATOR,
        ...['--nodes', nodes, '--out', work, '--rules-per-node', RULES_PER_NODE, '--ports', PORTS, '--flows-per-node', FLOWS_PER_NODE].map(
          String,
        ),
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    execFileSync('tar', ['-czf', join(work, 'snapshot.tar.gz'), '-C', work, 'snapshot']);
    rmSync(join(work, 'snapshot'), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    execFileSync('mv', [work, dir]);
  }
  return {
    archive: join(dir, 'snapshot.tar.gz'),
    flows: JSON.parse(readFileSync(join(dir, 'flows.json'), 'utf8')),
    summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')),
  };
}

/** One HTTP request without a client timeout (a large upload may take minutes); resolves with status, headers and JSON body. */
function http(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolvePromise({ status: res.statusCode, headers: res.headers, body: JSON.parse(text) });
        } catch {
          reject(new Error(`${method} ${url}: ${res.statusCode} ${text.slice(0, 300)}`));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function multipart(name, data) {
  const boundary = `----hookpath-bench-${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/gzip\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, data, tail]), type: `multipart/form-data; boundary=${boundary}` };
}

/** CPU seconds a process has used (user + system, /proc/<pid>/stat); 0 for one that is gone. */
function cpuSeconds(pid) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  const fields = stat.split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The Postgres and Redis processes of this machine (the services the batch writes to): pid and name. */
function serviceProcesses() {
  const processes = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'postgres' || comm === 'redis-server') processes.push({ pid: Number(entry), name: comm });
    } catch {
      // gone meanwhile
    }
  }
  return processes;
}

/** Iptables rules compiled and chain indexes built by a worker so far (its hookpath_iptables_* counters), summed. */
async function compiledSoFar(metricsPort) {
  const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  const text = await res.text();
  let sum = 0;
  for (const name of ['hookpath_iptables_rules_compiled_total', 'hookpath_iptables_chain_indexes_built_total']) {
    const value = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1];
    if (value === undefined) throw new Error(`worker metrics on port ${metricsPort}: no ${name}`);
    sum += Number(value);
  }
  return sum;
}

/**
 * The warm batch. A worker compiles a node's chains when one of its chunks first reaches that node,
 * and which chunks a worker takes is chance: with two workers, one still meets chunks it never ran
 * after several batches. So runs go first, not measured, until SETTLED_RUNS in a row compile no rule or index
 * in any worker (at most MAX_WARMUP_RUNS), leaving each worker with what a long-running one holds; then WARM_RUNS
 * runs, the median, with the CPU the workers (`workers`: pid and metrics port) and the API
 * (`apiPid`), Postgres and Redis spent on them, and the rules compiled meanwhile (none when warm).
 */
async function warmBatches(batch, workers, apiPid) {
  const compiled = async () => (await Promise.all(workers.map((w) => compiledSoFar(w.metricsPort)))).reduce((a, b) => a + b, 0);
  let warmupRuns = 0;
  let settledRuns = 0;
  let before = await compiled();
  for (;;) {
    await batch();
    warmupRuns++;
    const after = await compiled();
    settledRuns = after === before ? settledRuns + 1 : 0;
    before = after;
    if (settledRuns === SETTLED_RUNS || warmupRuns >= MAX_WARMUP_RUNS) break;
  }
  const pids = workers.map((w) => w.pid);
  const others = [{ pid: apiPid, name: 'api' }, ...serviceProcesses()];
  const cpuBefore = pids.map(cpuSeconds);
  const othersBefore = others.map((p) => cpuSeconds(p.pid));
  const runs = [];
  for (let i = 0; i < WARM_RUNS; i++) runs.push(await batch());
  const cpu = pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - cpuBefore[i], 0);
  const compiledMeanwhile = (await compiled()) - before;
  // by process name: the API, Postgres (every backend) and Redis
  const othersCpu = { api: 0, postgres: 0, 'redis-server': 0 };
  others.forEach((p, i) => (othersCpu[p.name] += Math.max(0, cpuSeconds(p.pid) - othersBefore[i])));
  const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
  const median = runs.find((r) => r.ms === sorted[Math.floor(sorted.length / 2)]);
  return { ms: median.ms, result: median.result, runs: runs.map((r) => r.ms), cpu, othersCpu, warmupRuns, compiledMeanwhile };
}

async function measureSize(nodes) {
  const { archive, flows, summary } = cluster(nodes);
  const service = await benchService(`cluster${nodes}`);
  try {
    const base = await service.startApi(API_LIMITS);
    const auth = { authorization: `Bearer ${service.token}` };
    const apiIdle = memory(service.api.pid);

    phase(`${nodes} hosts: uploading ${mib(readFileSync(archive).byteLength)} of .tar.gz`);
    const { body, type } = multipart(`cluster-${nodes}.tar.gz`, readFileSync(archive));
    const t0 = performance.now();
    const upload = await http(`${base}/api/v1/snapshots`, {
      method: 'POST',
      headers: { ...auth, 'content-type': type, 'content-length': String(body.byteLength) },
      body,
    });
    const uploadMs = performance.now() - t0;
    if (upload.status !== 201) throw new Error(`upload of ${nodes} hosts: ${upload.status} ${JSON.stringify(upload.body).slice(0, 500)}`);
    const api = memory(service.api.pid);
    const snapshotId = upload.body.id;

    const batch = async () => {
      const started = performance.now();
      const res = await http(`${base}/api/v1/trace-batches`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ snapshotId, flows }),
      });
      if (res.status !== 202) throw new Error(`batch: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
      let job = res.body;
      while (!['completed', 'failed', 'cancelled'].includes(job.status)) {
        // a worker that died (out of memory) leaves its chunk running until it is stalled: give up
        if (performance.now() - started > BATCH_DEADLINE_MS)
          throw new Error(`batch ${job.id} still ${job.status} after ${seconds(BATCH_DEADLINE_MS)}`);
        job = (await http(`${base}${res.headers.location}?wait=30`, { headers: auth })).body;
      }
      if (job.status !== 'completed') throw new Error(`batch ${job.id}: ${job.status} ${JSON.stringify(job.error)}`);
      if (job.progress.total !== flows.length) throw new Error(`batch traced ${job.progress.total} flows of ${flows.length}`);
      return { ms: performance.now() - started, result: job.result };
    };

    // each worker serves its metrics (the warm-up reads how many rules it compiled); a worker is
    // started once they answer, so that it takes its share of the next batch from the start
    const startWorker = async (name) => {
      const metricsPort = await freePort();
      const child = service.startWorker(name, {
        HOOKPATH_WORKER_CONCURRENCY: CONCURRENCY,
        HOOKPATH_WORKER_METRICS_PORT: String(metricsPort),
      });
      const worker = { pid: child.pid, metricsPort };
      for (let waited = 0; ; waited += 250) {
        try {
          await compiledSoFar(metricsPort);
          return worker;
        } catch (error) {
          if (waited >= 60_000) throw new Error(`worker ${name}: its metrics did not answer within 60 s (${error.message})`);
          await new Promise((resolveWait) => setTimeout(resolveWait, 250));
        }
      }
    };
    const w1 = await startWorker('bench-cluster-w1');
    phase(`${nodes} hosts: batch of ${flows.length} flows, one worker (cold, then warm)`);
    const cold = await batch();
    const worker = memory(w1.pid);
    const warm1 = await warmBatches(batch, [w1], service.api.pid);
    const w2 = await startWorker('bench-cluster-w2');
    phase(`${nodes} hosts: two workers (the second loads the snapshot, then warm)`);
    const cold2 = await batch();
    const warm2 = await warmBatches(batch, [w1, w2], service.api.pid);
    const worker2 = memory(w2.pid);
    // the first worker's peak over all its batches (VmHWM only grows)
    const worker1End = memory(w1.pid);
    return {
      nodes,
      summary,
      archiveBytes: readFileSync(archive).byteLength,
      uploadMs,
      apiIdle,
      api,
      coldMs: cold.ms,
      cold2Ms: cold2.ms,
      worker,
      worker2,
      worker1End,
      warm1Ms: warm1.ms,
      warm2Ms: warm2.ms,
      warm1Runs: warm1.runs,
      warm2Runs: warm2.runs,
      warm1Cpu: warm1.cpu,
      warm2Cpu: warm2.cpu,
      warm1OthersCpu: warm1.othersCpu,
      warm2OthersCpu: warm2.othersCpu,
      warm1Warmup: warm1.warmupRuns,
      warm2Warmup: warm2.warmupRuns,
      warm1Compiled: warm1.compiledMeanwhile,
      warm2Compiled: warm2.compiledMeanwhile,
      byDisposition: warm2.result.byDisposition,
      byWorker: warm2.result.byWorker,
    };
  } finally {
    await service.stop();
  }
}

function printTable(rows) {
  const header = [
    'hosts',
    'rules',
    'archive',
    'upload',
    'API peak RSS',
    'flows',
    '1st batch (load+compile)',
    'worker RSS / peak',
    'batch, 1 worker',
    'per flow',
    'batch, 2 workers',
    '2w / 1w',
  ];
  const lines = rows.map((r) => [
    String(r.nodes),
    r.summary.rules.toLocaleString('en-US'),
    mib(r.archiveBytes),
    seconds(r.uploadMs),
    mib(r.api.peak),
    r.summary.flows.toLocaleString('en-US'),
    seconds(r.coldMs),
    `${mib(r.worker.rss)} / ${mib(r.worker.peak)}`,
    seconds(r.warm1Ms),
    `${((r.warm1Ms / r.summary.flows) * 1000).toFixed(0)} µs`,
    seconds(r.warm2Ms),
    (r.warm2Ms / r.warm1Ms).toFixed(2),
  ]);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const l of lines) console.log(`| ${l.join(' | ')} |`);
}

async function main() {
  const rows = [];
  const failed = [];
  for (const nodes of SIZES) {
    let row;
    try {
      row = await measureSize(nodes);
    } catch (error) {
      // a size the service cannot take is a result too: the other sizes are still measured
      phase(`${nodes} hosts: FAILED: ${error.message}`);
      failed.push({ nodes, message: error.message });
      continue;
    }
    rows.push(row);
    phase(
      `${nodes} hosts: upload ${seconds(row.uploadMs)}, API peak ${mib(row.api.peak)}, worker peak ${mib(row.worker.peak)}, batch ${seconds(row.warm1Ms)} / ${seconds(row.warm2Ms)}`,
    );
  }
  for (const f of failed) console.log(`${f.nodes} hosts: FAILED: ${f.message}`);
  if (rows.length === 0) process.exit(1);
  const s = rows[0].summary;
  console.log(
    `cluster: kube-ovn + kube-proxy, ~${RULES_PER_NODE.toLocaleString('en-US')} iptables rules per host (${s.services.toLocaleString('en-US')} Services), OVN NB of ${s.switchPorts.toLocaleString('en-US')} switch ports, ${s.fips} FIPs; ${FLOWS_PER_NODE} flows per host; workers with concurrency ${CONCURRENCY}`,
  );
  console.log('');
  printTable(rows);
  const last = rows.at(-1);
  console.log('');
  console.log(
    `flows of the largest batch: ${JSON.stringify(last.byDisposition)}; with two workers, per worker: ${JSON.stringify(last.byWorker)}`,
  );
  for (const r of rows) {
    const runs = (list) => list.map(seconds).join(', ');
    const others = (row, name) => `${row.warm1OthersCpu[name].toFixed(1)} s and ${row.warm2OthersCpu[name].toFixed(1)} s`;
    console.log(
      `${r.nodes} hosts, warm-up runs until ${SETTLED_RUNS} in a row compiled no rule or index: one worker ${r.warm1Warmup}, two workers ${r.warm2Warmup}${r.warm2Warmup >= MAX_WARMUP_RUNS ? ' (the most allowed: still compiling)' : ''}; rules and indexes compiled during the measured runs: ${r.warm1Compiled} and ${r.warm2Compiled}; warm runs (the median is in the table): one worker ${runs(r.warm1Runs)}; two workers ${runs(r.warm2Runs)}; the workers' CPU over them: one ${r.warm1Cpu.toFixed(1)} s, two ${r.warm2Cpu.toFixed(1)} s (${(r.warm2Cpu / r.warm1Cpu).toFixed(2)}x); meanwhile, with one worker and with two: the API ${others(r, 'api')}, Postgres ${others(r, 'postgres')}, Redis ${others(r, 'redis-server')}`,
    );
  }
  console.log('');
  const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
  const note =
    last.nodes === TARGET_HOSTS
      ? ''
      : ` (targets are for ${TARGET_HOSTS} hosts; shown for ${last.nodes}: BENCH_SIZES=...,${TARGET_HOSTS} for the real check)`;
  console.log(`targets at ${last.nodes} hosts${note}:`);
  console.log(`  upload ${seconds(last.uploadMs)} < ${TARGET_UPLOAD_S} s: ${verdict(last.uploadMs < TARGET_UPLOAD_S * 1000)}`);
  const workerPeak = Math.max(last.worker1End.peak, last.worker2.peak);
  console.log(
    `  worker peak RSS over all its batches ${mib(workerPeak)} (first ${mib(last.worker1End.peak)}, second ${mib(last.worker2.peak)}) < ${mib(TARGET_WORKER_BYTES)}: ${verdict(workerPeak < TARGET_WORKER_BYTES)}`,
  );
  const perFlow = rows.map((r) => r.warm1Ms / r.summary.flows);
  const growth = Math.max(...perFlow) / perFlow[0];
  console.log(
    `  batch time linear in flows: per flow ${perFlow.map((p) => `${(p * 1000).toFixed(0)} µs`).join(', ')}; at most ${growth.toFixed(2)}x the smallest size's (<= ${TARGET_LINEAR}x): ${rows.length > 1 ? verdict(growth <= TARGET_LINEAR) : 'needs two sizes'}`,
  );
  const ratio = last.warm2Ms / last.warm1Ms;
  console.log(`  two workers ${ratio.toFixed(2)}x one worker's time (<= ${TARGET_TWO_WORKERS}x): ${verdict(ratio <= TARGET_TWO_WORKERS)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
