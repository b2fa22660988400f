// Benchmark: the portal in Debian's chromium against the real service (API + worker + Postgres + Redis).
//
//   npm run bench -- portal
//
// Measured:
// - first load: the JavaScript index.html loads before anything is shown (the entry script and its
//   modulepreloads), gzip -9 and brotli compressed; target under 400 KB compressed;
// - a 200-step trace: a host whose mangle OUTPUT chain marks the packet 196 times (every rule matches,
//   so every rule is a step); the job page's TraceView records the time from having the document to
//   the rows laid out (performance measure `hookpath:trace-render`); median of 5 loads; target < 300 ms;
// - a 2,000-host topology (tools/gen-cluster-snapshot.mjs --nodes 100 --pods-per-node 19): the
//   topology tab records the time from having the snapshot to the positioned picture (measure
//   `hookpath:topology-layout`, layout in a Web Worker with elkjs); median of 3 loads; target < 3 s.
//   Also printed: the whole view from its first render, the GraphQL query included (`hookpath:topology-load`).
// Uses its own database (dropped at the end) and queue prefix; needs the local Postgres and Redis and /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { benchService } from './bench-service.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { readSnapshotDirectory } = require(join(ROOT, 'libs/snapshot-io/dist/index.js'));
const { chromium } = require('playwright-core');

const TARGET_FIRST_LOAD_KB = 400;
const TARGET_TRACE_RENDER_MS = 300;
const TARGET_TOPOLOGY_MS = 3000;
const MARK_RULES = 196;
const CHROMIUM = process.env.HOOKPATH_CHROMIUM ?? '/usr/bin/chromium';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The JavaScript the first page load needs: index.html's module script and its modulepreloads. */
function firstLoadJs() {
  const dist = join(ROOT, 'apps/web/dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dist, file.replace(/^\//, '')));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes).length;
  }
  return { files, raw, gzip, brotli };
}

/** One host whose every OUTPUT packet meets MARK_RULES matching mangle rules: a trace of about 200 steps. */
function manyStepSnapshot() {
  const rules = Array.from(
    { length: MARK_RULES },
    (_, i) => `-A OUTPUT -m comment --comment "step ${i + 1}" -j MARK --set-xmark 0x${(i + 1).toString(16)}/0xffffffff`,
  );
  return {
    'snapshot.yaml': 'name: bench-200-steps\ncapturedAt: 2026-12-01T00:00:00Z\n',
    'hosts/box/ip-addr.txt':
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n    inet 10.0.0.1/24 scope global eth0\n       valid_lft forever preferred_lft forever\n',
    'hosts/box/ip-route.txt': 'default via 10.0.0.254 dev eth0\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1\n',
    'hosts/box/neigh.json': '[{"dst":"10.0.0.254","dev":"eth0","lladdr":"02:00:00:00:00:fe","state":["REACHABLE"]}]\n',
    'hosts/box/iptables-save.txt': `*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n${rules.join('\n')}\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n`,
  };
}

async function measure(page, url, name, ready) {
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 60_000 });
  const handle = await page.waitForFunction((n) => performance.getEntriesByName(n).at(-1)?.duration, name, { timeout: 60_000 });
  return handle.jsonValue();
}

async function main() {
  const load = firstLoadJs();
  const service = await benchService('portal');
  const token = service.token;
  const base = await service.startApi();
  service.startWorker('bench-portal');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (path, body) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = await res.json();
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  const steps = await post('/api/v1/snapshots', { name: 'bench-200-steps', files: manyStepSnapshot() });
  const trace = await post('/api/v1/traces?wait=30', {
    snapshotId: steps.id,
    from: 'box',
    src: '10.0.0.1',
    dst: '10.9.9.9',
    proto: 'udp',
    sport: 4000,
    dport: 53,
  });
  if (trace.status !== 'completed') throw new Error(`trace job: ${trace.status} ${JSON.stringify(trace.error)}`);
  const stepCount = trace.result.steps.length;

  const clusterDir = mkdtempSync(join(tmpdir(), 'hookpath-cluster-'));
  execFileSync(
    process.execPath,
    [join(ROOT, 'tools/gen-cluster-snapshot.mjs'), '--nodes', '100', '--pods-per-node', '19', '--out', clusterDir],
    { stdio: 'ignore' },
  );
  const clusterFiles = Object.fromEntries((await readSnapshotDirectory(clusterDir)).map((f) => [f.path, f.content]));
  rmSync(clusterDir, { recursive: true, force: true });
  const cluster = await post('/api/v1/snapshots', { name: 'bench-2000-hosts', files: clusterFiles });

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 768 } });
  await context.addInitScript({ content: `window.localStorage.setItem('hookpath.token', ${JSON.stringify(token)});` });
  const page = await context.newPage();
  const renders = [];
  for (let i = 0; i < 5; i++) renders.push(await measure(page, `/jobs/${trace.id}`, 'hookpath:trace-render', '[data-testid="verdict"]'));
  const layouts = [];
  const loads = [];
  for (let i = 0; i < 3; i++) {
    // A fresh load each time, without the positions the portal caches per topology.
    await page.goto('/settings');
    await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k !== 'hookpath.token')
        .forEach((k) => localStorage.removeItem(k)),
    );
    layouts.push(await measure(page, `/snapshots/${cluster.id}?tab=topology`, 'hookpath:topology-layout', '[data-testid="topology"]'));
    loads.push(await page.evaluate(() => performance.getEntriesByName('hookpath:topology-load').at(-1)?.duration ?? NaN));
  }
  const nodeCount = await page.getAttribute('[data-testid="topology"]', 'data-node-count');
  await browser.close();

  await service.stop();

  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  const verdict = (ok) => (ok ? 'ok' : 'OVER TARGET');
  console.log(
    `first load JS (${load.files.length} files): ${kb(load.raw)} raw, ${kb(load.gzip)} gzip, ${kb(load.brotli)} brotli — target < ${TARGET_FIRST_LOAD_KB} KB compressed: ${verdict(load.gzip < TARGET_FIRST_LOAD_KB * 1024)}`,
  );
  console.log(
    `${stepCount}-step trace render (median of ${renders.length}): ${median(renders).toFixed(0)} ms [${renders.map((r) => r.toFixed(0)).join(', ')}] — target < ${TARGET_TRACE_RENDER_MS} ms: ${verdict(median(renders) < TARGET_TRACE_RENDER_MS)}`,
  );
  console.log(
    `2,000-host topology, the whole view from its first render (the GraphQL query included, median): ${median(loads).toFixed(0)} ms [${loads.map((r) => r.toFixed(0)).join(', ')}]`,
  );
  console.log(
    `2,000-host topology layout, ${nodeCount} nodes drawn (median of ${layouts.length}): ${median(layouts).toFixed(0)} ms [${layouts.map((r) => r.toFixed(0)).join(', ')}] — target < ${TARGET_TOPOLOGY_MS} ms: ${verdict(median(layouts) < TARGET_TOPOLOGY_MS)}`,
  );
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
