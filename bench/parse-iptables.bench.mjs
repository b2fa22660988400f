// Benchmark: parseIptablesSave on a 100,000-rule kube-proxy-like iptables-save, against the time
// iptables itself needs to parse and validate the same file (`iptables-restore --test`, run in a
// throwaway network namespace). Target: the parser is not slower than `iptables-restore --test`
// (nf_tables backend, the default `iptables-restore`) and peaks under 500 MB.
//
//   node bench/parse-iptables.bench.mjs            (needs the built dist: npm run build)
//
// Each parse runs in its own child process (`--child FILE`), so the peak RSS reported is that of
// one process doing that parse alone. The namespace (hpbench-<pid>) and the temp dir are removed on
// exit, also on SIGINT/SIGTERM. Without root or `ip netns`, only the parser's numbers are reported.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RULES = 100_000;
const RUNS = 5;
const PEAK_LIMIT_MB = 500;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GENERATOR = join(ROOT, 'tools', 'gen-kube-proxy-rules.mjs');

/** Child: one parse of FILE; prints {ms, peakMb, rules, errors} as JSON. */
function childParse(file) {
  const require = createRequire(import.meta.url);
  const { parseIptablesSave } = require('@hookpath/parsers');
  const content = readFileSync(file, 'utf8');
  const start = process.hrtime.bigint();
  const result = parseIptablesSave(content, file);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let rules = 0;
  for (const table of result.value.tables) for (const chain of table.chains) rules += chain.rules.length;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, peakMb, rules, errors: result.errors.length })}\n`);
}

/** What is to be undone on exit: the namespace, the temp dir, a running child. */
const state = { dir: null, namespace: null, child: null };

function cleanup() {
  // Children run in their own process group (detached), so that `time ip netns exec iptables-restore`
  // goes as a whole.
  if (state.child !== null && state.child.exitCode === null) {
    try {
      process.kill(-state.child.pid, 'SIGKILL');
    } catch {
      // it has just exited
    }
  }
  if (state.namespace !== null) {
    spawnSync('ip', ['netns', 'del', state.namespace], { stdio: 'ignore' });
    state.namespace = null;
  }
  if (state.dir !== null) {
    rmSync(state.dir, { recursive: true, force: true });
    state.dir = null;
  }
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      console.error(`\n${signal}: removing the benchmark's namespace and temp files`);
      cleanup();
      process.exit(130);
    });
  }
  try {
    if (!parserBuilt()) {
      console.error('libs/parsers/dist is not built (or does not load): run `npm run build` first.');
      process.exitCode = 1;
      return;
    }
    state.dir = mkdtempSync(join(tmpdir(), 'hpbench-'));
    const file = join(state.dir, 'kube-proxy-100k.rules');
    const generated = await generate(file);
    const lines = readFileSync(file, 'latin1').split('\n').length - 1;
    console.log(
      `parse-iptables: ${generated.toLocaleString('en-US')} rules, ${lines.toLocaleString('en-US')} lines, ` +
        `${(statSync(file).size / 1e6).toFixed(1)} MB (tools/gen-kube-proxy-rules.mjs --rules ${RULES})`,
    );

    const namespace = `hpbench-${process.pid}`;
    const references = [];
    const reason = referenceUnavailable();
    if (reason !== null) {
      console.log(`iptables-restore --test not run: ${reason}. Only the parser's numbers follow.`);
    } else if (spawnSync('ip', ['netns', 'add', namespace], { stdio: 'ignore' }).status !== 0) {
      console.log(`iptables-restore --test not run: could not create network namespace ${namespace}. Only the parser's numbers follow.`);
    } else {
      state.namespace = namespace;
      references.push({ command: 'iptables-restore', label: `iptables-restore --test (${backendOf('iptables-restore')})`, runs: [] });
      if (commandExists('iptables-legacy-restore')) {
        references.push({ command: 'iptables-legacy-restore', label: 'iptables-legacy-restore --test', runs: [] });
      }
    }

    // Runs alternate between the parser and the references, so that other load on the machine
    // weighs on both sides alike.
    const parses = [];
    for (let i = 0; i < RUNS; i++) {
      parses.push(await runChild(file));
      for (const reference of references) reference.runs.push(await timeRestore(reference.command, namespace, file));
    }
    const bad = parses.find((p) => p.errors !== 0 || p.rules !== generated);
    const parser = summarize(
      parses.map((p) => p.ms / 1000),
      Math.max(...parses.map((p) => p.peakMb)),
    );
    const rows = [[`parseIptablesSave (node ${process.versions.node})`, parser]];
    for (const reference of references) {
      const peaks = reference.runs.map((r) => r.peakMb).filter((m) => !Number.isNaN(m));
      rows.push([
        reference.label,
        summarize(
          reference.runs.map((r) => r.seconds),
          peaks.length > 0 ? Math.max(...peaks) : Number.NaN,
        ),
      ]);
    }
    printTable(rows);

    const verdicts = [];
    let pass = true;
    if (bad !== undefined) {
      pass = false;
      verdicts.push(`the parse found ${bad.errors} errors and ${bad.rules} rules (expected 0 and ${generated})`);
    }
    const nft = rows[1]?.[1];
    if (nft !== undefined) {
      const ratio = parser.median / nft.median;
      console.log(`ratio parser / iptables-restore --test: ${ratio.toFixed(2)}`);
      if (ratio > 1) pass = false;
      verdicts.push(`parse ${ratio > 1 ? 'is slower than' : 'is not slower than'} iptables-restore --test (${ratio.toFixed(2)}x)`);
    } else {
      verdicts.push('time target not checked (no iptables-restore --test reference)');
    }
    if (parser.peakMb >= PEAK_LIMIT_MB) pass = false;
    verdicts.push(`peak RSS ${parser.peakMb.toFixed(0)} MB (${parser.peakMb < PEAK_LIMIT_MB ? 'under' : 'not under'} ${PEAK_LIMIT_MB} MB)`);
    console.log(`${pass ? 'PASS' : 'FAIL'}: ${verdicts.join('; ')}`);
    if (!pass) process.exitCode = 1;
  } finally {
    cleanup();
  }
}

function parserBuilt() {
  try {
    const require = createRequire(import.meta.url);
    return typeof require('@hookpath/parsers').parseIptablesSave === 'function';
  } catch {
    return false;
  }
}

/** Runs a command to completion; resolves with its exit code and captured stdout/stderr. */
function run(command, args, stdin) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: [stdin ?? 'ignore', 'pipe', 'pipe'], detached: true });
    state.child = child;
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      state.child = null;
      resolvePromise({ code: code ?? signal, stdout, stderr });
    });
  });
}

/** Writes the ruleset to `file`; returns its rule count. */
async function generate(file) {
  const fd = openSync(file, 'w');
  try {
    await new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, [GENERATOR, '--rules', String(RULES)], { stdio: ['ignore', fd, 'inherit'], detached: true });
      state.child = child;
      child.on('error', reject);
      child.on('close', (code) => {
        state.child = null;
        if (code === 0) resolvePromise();
        else reject(new Error(`${GENERATOR} exited with ${code}`));
      });
    });
  } finally {
    closeSync(fd);
  }
  let rules = 0;
  for (const line of readFileSync(file, 'latin1').split('\n')) if (line.startsWith('-A ')) rules++;
  return rules;
}

async function runChild(file) {
  const result = await run(process.execPath, [fileURLToPath(import.meta.url), '--child', file]);
  if (result.code !== 0) throw new Error(`parse child failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Why the iptables-restore reference cannot run here, or null. */
function referenceUnavailable() {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not running as root';
  if (!commandExists('ip') || spawnSync('ip', ['netns', 'list'], { stdio: 'ignore' }).status !== 0) return '`ip netns` is unavailable';
  if (!commandExists('iptables-restore')) return 'iptables-restore is not installed';
  return null;
}

function commandExists(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined;
}

function backendOf(command) {
  const out = spawnSync(command, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  const match = /\(([^)]+)\)/.exec(out);
  return match === null ? 'legacy' : match[1];
}

/** One `command --test < file` inside the namespace: seconds, and peak RSS through GNU time when present. */
async function timeRestore(command, namespace, file) {
  const gnuTime = existsSync('/usr/bin/time');
  const args = ['netns', 'exec', namespace, command, '--test'];
  const fd = openSync(file, 'r');
  try {
    const start = process.hrtime.bigint();
    const result = gnuTime ? await run('/usr/bin/time', ['-f', '%M', 'ip', ...args], fd) : await run('ip', args, fd);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.code !== 0) throw new Error(`${command} --test failed: ${result.stderr}`);
    const kb = gnuTime ? Number(result.stderr.trim().split('\n').pop()) : Number.NaN;
    return { seconds, peakMb: Number.isFinite(kb) ? kb / 1024 : Number.NaN };
  } finally {
    closeSync(fd);
  }
}

function summarize(seconds, peakMb) {
  const sorted = [...seconds].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], peakMb };
}

function printTable(rows) {
  const width = Math.max(...rows.map(([label]) => label.length));
  const cell = (v) => `${v.toFixed(3)} s`.padStart(9);
  console.log(`${''.padEnd(width)}    median       min       max   peak RSS`);
  for (const [label, r] of rows) {
    const peak = Number.isNaN(r.peakMb) ? '-' : `${r.peakMb.toFixed(0)} MB`;
    console.log(`${label.padEnd(width)} ${cell(r.median)} ${cell(r.min)} ${cell(r.max)} ${peak.padStart(10)}`);
  }
  console.log(`(median of ${RUNS} runs; the parser's time excludes reading the file and starting node)`);
}

if (process.argv[2] === '--child') {
  childParse(process.argv[3]);
} else {
  await main();
}
