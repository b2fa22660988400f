// `npm start`: install, build, migrate, start the API and a worker, load the examples, print the URL and a token.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, ensureInstalled, ROOT, run } from './lib.mjs';
import { ensureServices } from './services.mjs';

ensureInstalled();
build();
await ensureServices();
run(process.execPath, ['scripts/migrate.mjs']);

const port = Number(process.env.PORT ?? 3000);
const base = `http://127.0.0.1:${port}`;
const api = spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: ROOT, stdio: 'inherit', env: process.env });
// the worker's V8 heap flags (README, Configuration: the worker's Node flags)
const worker = spawn(process.execPath, ['--max-semi-space-size=64', '--heap-growing-percent=40', 'apps/worker/dist/main.js'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: process.env,
});
const children = [api, worker];
const stop = (signal) => children.forEach((child) => child.kill(signal));
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
// Either process ending ends both: the service is the pair.
for (const child of children) {
  child.on('exit', (code) => {
    stop('SIGTERM');
    process.exit(code ?? 0);
  });
}

async function waitHealthy() {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the API did not become healthy at ${base}/health`);
}
await waitHealthy();

const token = spawnSync(
  process.execPath,
  ['apps/cli/bin/hookpath.js', 'token', 'create', '--name', `start-${Date.now()}`, '--scope', 'write'],
  { cwd: ROOT, encoding: 'utf8' },
);
if (token.status !== 0) {
  console.error(token.stderr);
  process.exit(1);
}
const secret = token.stdout.trim();
if (secret === '') {
  console.error(`could not read the token from: ${token.stdout}`);
  process.exit(1);
}

const require = createRequire(import.meta.url);
const { readSnapshotDirectory } = require(join(ROOT, 'libs/snapshot-io/dist/index.js'));
const examples = join(ROOT, 'examples');
for (const name of readdirSync(examples).sort()) {
  const dir = join(examples, name);
  if (!statSync(dir).isDirectory()) continue;
  const files = Object.fromEntries((await readSnapshotDirectory(dir)).map((f) => [f.path, f.content]));
  const res = await fetch(`${base}/api/v1/snapshots`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ name, files }),
  });
  const body = await res.json();
  console.log(`• example ${name}: ${res.status} ${body.id ?? JSON.stringify(body.error)}`);
}

console.log(`
hookpath is running at ${base}
  portal    ${base}/   (paste the token below in Settings)
  REST      ${base}/api/v1/snapshots   (OpenAPI: ${base}/api/docs)
  jobs      ${base}/api/v1/traces, /api/v1/trace-batches, /api/v1/diffs   (run by the worker started beside the API)
  GraphQL   ${base}/graphql
  token     ${secret}   (write scope; send it as "Authorization: Bearer <token>")
Try:  curl -s -H "Authorization: Bearer ${secret}" ${base}/api/v1/snapshots
Stop with Ctrl-C.`);
