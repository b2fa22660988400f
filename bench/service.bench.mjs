// Benchmark: trace and batch jobs end to end through the real service — the API process, BullMQ on
// Redis, one or two worker processes, Postgres — against the engine's own in-process time.
//
//   npm run bench:service
//
// Snapshot: examples/003-br-netfilter-fixed with node-1's iptables replaced by 5,000 kube-proxy
// Services (tools/gen-kube-proxy-rules.mjs --services 5000 --backend 10.244.0.3:8080); the
// "every pod to every service" generator gives its 2 pods x 5,000 Services = 10,000 flows.
// Measured, with 1 and then 2 workers (HOOKPATH_WORKER_CONCURRENCY 2 each):
// - single trace job latency: POST /api/v1/traces?wait=10, one at a time, until the answer carries
//   the stored result (submit -> queue -> worker -> Postgres -> answer); p50 and p99;
// - sustained trace jobs per second: 2,000 jobs, 64 in flight;
// - a 10,000-flow batch's wall time (POST /api/v1/trace-batches, then long-poll until completed),
//   against the engine tracing and summarising the same flows in-process on one core.
// Targets: single trace p50 < 50 ms; batch wall time <= 2x the engine's in-process time.
// Uses its own database (dropped at the end) and queue prefix; needs the local Postgres and Redis.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchService } from './bench-service.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { readSnapshotDirectory } = require(join(ROOT, 'libs/snapshot-io/dist/index.js'));
const { parseSnapshot } = require(join(ROOT, 'libs/parsers/dist/index.js'));
const { compileSnapshot, simulateCompiled, generateFlows } = require(join(ROOT, 'libs/engine/dist/index.js'));
const { summarizeTrace } = require(join(ROOT, 'libs/diff/dist/index.js'));

const SERVICES = 5_000;
const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 300);
const THROUGHPUT_JOBS = Number(process.env.BENCH_THROUGHPUT_JOBS ?? 2_000);
const IN_FLIGHT = 64;
const BATCH_RUNS = 3;
const TARGET_P50_MS = 50;
const TARGET_BATCH_RATIO = 2;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (xs) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

function snapshotFiles(files) {
  const rules = execFileSync(
    process.execPath,
    [join(ROOT, 'tools/gen-kube-proxy-rules.mjs'), '--services', String(SERVICES), '--backend', '10.244.0.3:8080'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  );
  return files.map((f) => (f.path === 'hosts/node-1/iptables-save.txt' ? { ...f, content: rules } : f));
}

async function main() {
  const service = await benchService('service');
  const token = service.token;

  const files = snapshotFiles(await readSnapshotDirectory(join(ROOT, 'examples/003-br-netfilter-fixed')));
  const model = parseSnapshot(files).model;

  // The engine in-process: what the worker does per flow (trace + summary), on one core.
  const compiled = compileSnapshot(model);
  const engineRuns = [];
  let flowCount = 0;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    const flows = generateFlows(model, 'pods-to-services');
    for (const f of flows) summarizeTrace(simulateCompiled(compiled, { from: f.from, packet: f.packet }));
    engineRuns.push(performance.now() - t0);
    flowCount = flows.length;
  }
  const engineMs = median(engineRuns);

  const base = await service.startApi();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (path, body) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json(), location: res.headers.get('location') };
  };
  const get = async (path) => (await fetch(`${base}${path}`, { headers })).json();

  const upload = await post('/api/v1/snapshots', {
    name: `bench-${SERVICES}-services`,
    files: Object.fromEntries(files.map((f) => [f.path, f.content])),
  });
  if (upload.status !== 201 && upload.status !== 200) throw new Error(`upload: ${upload.status} ${JSON.stringify(upload.body)}`);
  const snapshotId = upload.body.id;
  const flowBody = (i) => ({
    snapshotId,
    from: 'pod-a',
    src: '10.244.0.2',
    dst: '10.96.0.10',
    proto: 'tcp',
    sport: 10_000 + (i % 50_000),
    dport: 80,
  });

  async function traceJob(i) {
    const t0 = performance.now();
    const res = await post('/api/v1/traces?wait=30', flowBody(i));
    if (res.body.status !== 'completed') throw new Error(`trace job ${res.body.id}: ${res.body.status} ${JSON.stringify(res.body.error)}`);
    return performance.now() - t0;
  }

  async function batch() {
    const t0 = performance.now();
    const res = await post('/api/v1/trace-batches', { snapshotId, generators: [{ name: 'pods-to-services' }] });
    let job = res.body;
    while (!['completed', 'failed', 'cancelled'].includes(job.status)) job = await get(`${res.location}?wait=30`);
    if (job.status !== 'completed') throw new Error(`batch ${job.id}: ${job.status} ${JSON.stringify(job.error)}`);
    if (job.progress.total !== flowCount) throw new Error(`batch traced ${job.progress.total} flows, the engine ${flowCount}`);
    return { ms: performance.now() - t0, byWorker: job.result.byWorker };
  }

  const results = [];
  for (const workers of [1, 2]) {
    service.startWorker(`bench-w${workers}`, { HOOKPATH_WORKER_CONCURRENCY: '2' });
    // Warm up (not measured): a batch reaches every worker, which loads and compiles the snapshot
    // once (then it is cached by id), and the JIT settles.
    await batch();
    await Promise.all(Array.from({ length: 20 }, (_, i) => traceJob(i)));
    const latencies = [];
    for (let i = 0; i < LATENCY_RUNS; i++) latencies.push(await traceJob(i));
    latencies.sort((a, b) => a - b);

    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < THROUGHPUT_JOBS) await traceJob(next++);
      }),
    );
    const jobsPerSecond = THROUGHPUT_JOBS / ((performance.now() - t0) / 1000);

    const batches = [];
    for (let i = 0; i < BATCH_RUNS; i++) batches.push(await batch());
    results.push({
      workers,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      jobsPerSecond,
      batchMs: median(batches.map((b) => b.ms)),
      byWorker: batches.at(-1).byWorker,
    });
  }

  await service.stop();

  console.log(`snapshot: examples/003-br-netfilter-fixed + ${SERVICES} kube-proxy Services; batch = pods-to-services, ${flowCount} flows`);
  console.log(
    `engine in-process (trace + summary, one core): ${engineMs.toFixed(0)} ms for ${flowCount} flows (median of ${engineRuns.length})`,
  );
  console.log('');
  console.log('workers | trace job p50 | p99      | trace jobs/s | 10k batch wall | batch / engine | flows per worker');
  for (const r of results) {
    console.log(
      `${String(r.workers).padEnd(7)} | ${r.p50.toFixed(1).padStart(10)} ms | ${r.p99.toFixed(1).padStart(5)} ms | ${r.jobsPerSecond.toFixed(0).padStart(12)} | ${r.batchMs.toFixed(0).padStart(11)} ms | ${(r.batchMs / engineMs).toFixed(2).padStart(14)} | ${JSON.stringify(r.byWorker)}`,
    );
  }
  const best = results.reduce((a, b) => (b.batchMs < a.batchMs ? b : a));
  const p50 = results[0].p50;
  console.log('');
  console.log(`single trace p50 ${p50.toFixed(1)} ms: ${p50 < TARGET_P50_MS ? 'meets' : 'MISSES'} the target (< ${TARGET_P50_MS} ms)`);
  console.log(
    `batch ${best.batchMs.toFixed(0)} ms with ${best.workers} worker(s) = ${(best.batchMs / engineMs).toFixed(2)}x the engine: ${best.batchMs <= TARGET_BATCH_RATIO * engineMs ? 'meets' : 'MISSES'} the target (<= ${TARGET_BATCH_RATIO}x)`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
