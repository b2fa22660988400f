// Benchmark: evaluateTable on the nat table of a 100,000-rule kube-proxy-like ruleset
// (tools/gen-kube-proxy-rules.mjs --rules 100000), PREROUTING, for the first packet of a connection
// to the first service, to the last service, and to an address no service has.
//
//   node bench/trace-netfilter.bench.mjs            (needs the built dist: npm run build)
//
// Reports the parse and compile times, then per packet the median and p99 of evaluateTable, the
// rules the kernel walks for that packet (counted by a linear walk) and the kernel's cost for them
// at 15 ns per rule (iptables-nft on this machine, shared/oracle fact 7). Target (issue 3): a walk
// costs at most a tenth of the kernel's walk over the long chain, and stays well under 100 µs.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RULES = 100_000;
const WARMUP = 2_000;
const RUNS = 20_000;
const KERNEL_NS_PER_RULE = 15;
const ABSOLUTE_LIMIT_US = 100;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function load() {
  try {
    return { parsers: require('@hookpath/parsers'), engine: require('@hookpath/engine') };
  } catch (error) {
    console.error(`libs/parsers or libs/engine dist is not built (or does not load): run \`npm run build\` first (${error.message}).`);
    process.exit(1);
  }
}

function generate() {
  const out = spawnSync(process.execPath, [join(ROOT, 'tools', 'gen-kube-proxy-rules.mjs'), '--rules', String(RULES)], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (out.status !== 0) throw new Error(`gen-kube-proxy-rules failed: ${out.stderr}`);
  return out.stdout;
}

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

/** A node whose only local address is 192.168.1.10; MASQUERADE and REDIRECT are not reached in PREROUTING. */
const env = {
  addressType: (address) => (address === '192.168.1.10' || address.startsWith('127.') ? 'LOCAL' : 'UNICAST'),
  masqueradeSource: () => '192.168.1.10',
  redirectDestination: () => '192.168.1.10',
};

function input(engine, dst) {
  const packet = engine.packetFromSpec({ src: '192.168.5.5', dst, proto: 'tcp', sport: 40000, dport: 80 });
  const tuple = (src, dstAddress, sport, dport) => ({ proto: 'tcp', src, dst: dstAddress, sport, dport });
  const ct = {
    state: 'NEW',
    direction: 'ORIGINAL',
    confirmed: false,
    original: tuple(packet.src, packet.dst, packet.sport, packet.dport),
    reply: tuple(packet.dst, packet.src, packet.dport, packet.sport),
    status: { seenReply: false, assured: false, snat: false, dnat: false, expected: false },
    mark: 0,
    entry: null,
  };
  return { host: 'node', table: 'nat', hook: 'PREROUTING', inIface: 'eth0', outIface: null, nexthop: null, packet, ct, env };
}

/** Rules the kernel tests for this packet: a linear walk on a copy whose every rule counts itself. */
function kernelRulesWalked(engine, host, tableInput) {
  const counted = engine.compileNetfilter(host, { index: 'off' });
  let count = 0;
  const counter = { module: 'count', test: () => (count++, 1), describe: () => '' };
  for (const table of counted.tables.values())
    for (const chain of table.chains.values()) for (const rule of chain.rules) rule.matches.unshift(counter);
  engine.evaluateTable(counted, tableInput);
  return count;
}

function time(fn) {
  for (let i = 0; i < WARMUP; i++) fn();
  const samples = new Float64Array(RUNS);
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples[i] = Number(process.hrtime.bigint() - start) / 1e3;
  }
  samples.sort();
  return { median: samples[RUNS >> 1], p99: samples[Math.floor(RUNS * 0.99)] };
}

function main() {
  const { parsers, engine } = load();
  const text = generate();
  let start = process.hrtime.bigint();
  const parsed = parsers.parseIptablesSave(text, 'kube-proxy-100k.rules');
  const parseMs = ms(start);
  if (parsed.errors.length > 0) throw new Error(`the generated ruleset has ${parsed.errors.length} parse errors`);
  const host = {
    name: 'node',
    meta: {},
    interfaces: null,
    routes: null,
    rules: null,
    sysctls: null,
    iptables: parsed.value,
    ipsets: null,
    conntrack: null,
    ipvs: null,
    fdb: null,
    neighbours: null,
    files: [],
  };
  globalThis.gc?.();
  start = process.hrtime.bigint();
  const compiled = engine.compileNetfilter(host);
  const compileMs = ms(start);
  const natSection = text.slice(text.indexOf('\n*nat\n'));
  const services = [...natSection.matchAll(/^-A KUBE-SERVICES -d (\S+)\/32 /gm)].map((m) => m[1]);
  const longChain = services.length + 1;
  console.log(
    `trace-netfilter: ${compiled.ruleCount.toLocaleString('en-US')} rules (KUBE-SERVICES ${longChain.toLocaleString('en-US')}); ` +
      `parse ${parseMs.toFixed(0)} ms, compileNetfilter ${compileMs.toFixed(0)} ms (node ${process.versions.node})`,
  );
  const cases = [
    ['first service', services[0]],
    ['last service', services[services.length - 1]],
    ['no service', '10.200.0.1'],
  ];
  const rows = [];
  let pass = true;
  const kernelLongWalkUs = (longChain * KERNEL_NS_PER_RULE) / 1000;
  for (const [label, dst] of cases) {
    const tableInput = input(engine, dst);
    const result = engine.evaluateTable(compiled, tableInput);
    const reference = engine.evaluateTable(compiled, tableInput, { useIndex: false });
    if (JSON.stringify(result) !== JSON.stringify(reference)) throw new Error(`${label}: the indexed walk differs from the linear walk`);
    const walked = kernelRulesWalked(engine, host, tableInput);
    const indexed = time(() => engine.evaluateTable(compiled, tableInput));
    const linear = time(() => engine.evaluateTable(compiled, tableInput, { useIndex: false }));
    const kernelUs = (walked * KERNEL_NS_PER_RULE) / 1000;
    const ok = indexed.p99 < ABSOLUTE_LIMIT_US && indexed.median <= kernelLongWalkUs / 10;
    if (!ok) pass = false;
    rows.push([
      label,
      `${dst}`,
      result.verdict,
      `${result.steps.length}`,
      walked.toLocaleString('en-US'),
      `${kernelUs.toFixed(1)} µs`,
      `${indexed.median.toFixed(1)} µs`,
      `${indexed.p99.toFixed(1)} µs`,
      `${linear.median.toFixed(0)} µs`,
    ]);
  }
  const header = ['packet', 'destination', 'verdict', 'steps', 'kernel walks', 'kernel est.', 'median', 'p99', 'linear median'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(
    `(${RUNS.toLocaleString('en-US')} runs each after ${WARMUP.toLocaleString('en-US')} warm-up; kernel est. = rules walked x ${KERNEL_NS_PER_RULE} ns; ` +
      `the kernel's walk of KUBE-SERVICES costs about ${kernelLongWalkUs.toFixed(0)} µs)`,
  );
  console.log(
    `${pass ? 'PASS' : 'FAIL'}: every median ${pass ? 'is' : 'is not'} within a tenth of the kernel's KUBE-SERVICES walk ` +
      `(${(kernelLongWalkUs / 10).toFixed(1)} µs) with p99 under ${ABSOLUTE_LIMIT_US} µs`,
  );
  if (!pass) process.exitCode = 1;
}

main();
