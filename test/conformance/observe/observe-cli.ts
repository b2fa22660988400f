import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineRequest, Observed, ObservedCase, ObservedDirection, Outcome } from './observed';
import { parseXtablesTrace, type TracedPacket } from './xtables-trace';

/**
 * Turns the raw files of a conformance case into case.json, and the cases of a scenario into
 * observed.json. Called by test/conformance/lib.sh:
 *   node observe-cli.js case <case-dir> <host>...
 *   node observe-cli.js assemble <out-dir> <scenario> <case-id>...   (each case's hosts in <case>/hosts)
 */

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

function direction(traces: Map<string, TracedPacket[]>, prefix: 'req_' | 'rep_', outcome: Outcome): ObservedDirection {
  const result: ObservedDirection = { hosts: {}, entries: {}, packets: {}, outcome };
  for (const [host, packets] of traces) {
    const mine = packets.filter((p) => p.tracer?.startsWith(`hpcftrace:${prefix}`) === true);
    // The trace id can change while the same packet loops through a namespace again (a routing
    // loop shows a new id from its second pass on), so every traced group with the first one's
    // IP ID is the same packet.
    // A frame that br_netfilter passes up from a bridge port to IP re-enters the stack on the
    // bridge device with a new trace id, and its second PREROUTING pass is cut short before our
    // tracing chain (ip_sabotage_in at NF_IP_PRI_FIRST): such a group has no hpcftrace line, so
    // it joins the packet with its IP ID.
    const first = mine[0];
    const inherits = (p: TracedPacket): boolean => mine.includes(p) || (p.tracer !== null && !p.tracer.startsWith('hpcftrace:'));
    const from = first === undefined ? -1 : packets.indexOf(first);
    result.hosts[host] =
      first === undefined ? [] : packets.filter((p, i) => i >= from && p.ipId === first.ipId && inherits(p)).flatMap((p) => p.steps);
    result.entries[host] = mine[0]?.entry ?? null;
    result.packets[host] = mine.length;
  }
  return result;
}

function counterDeltas(dir: string, host: string): Record<string, number> {
  const before = readJson<{ kernel: Record<string, number> }>(join(dir, `nstat-before-${host}.json`)).kernel;
  const after = readJson<{ kernel: Record<string, number> }>(join(dir, `nstat-after-${host}.json`)).kernel;
  const deltas: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta !== 0) deltas[key] = delta;
  }
  return deltas;
}

function observeCase(dir: string, hosts: string[]): ObservedCase {
  const request = readJson<EngineRequest>(join(dir, 'request.json'));
  const traces = new Map(hosts.map((h) => [h, parseXtablesTrace(readFileSync(join(dir, `trace-${h}.txt`), 'utf8'))]));
  const id = dir.replace(/\/+$/, '').split('/').pop() ?? dir;
  const observed: ObservedCase = {
    id,
    snapshot: join(id, readFileSync(join(dir, 'snapshot-ref'), 'utf8').trim()),
    request,
    forward: direction(traces, 'req_', readJson<Outcome>(join(dir, 'outcome.json'))),
    counters: Object.fromEntries(hosts.map((h) => [h, counterDeltas(dir, h)])),
  };
  const replyOutcome = join(dir, 'reply-outcome.json');
  if (request.roundTrip) {
    if (!existsSync(replyOutcome)) throw new Error(`${dir}: --round-trip case without a reply outcome`);
    observed.reply = direction(traces, 'rep_', readJson<Outcome>(replyOutcome));
  }
  return observed;
}

function main(argv: string[]): void {
  const [command, dir, ...rest] = argv;
  if (command === 'case' && dir !== undefined) {
    writeFileSync(join(dir, 'case.json'), `${JSON.stringify(observeCase(dir, rest), null, 2)}\n`);
    return;
  }
  if (command === 'assemble' && dir !== undefined && rest[0] !== undefined) {
    const [scenario, ...cases] = rest;
    const observed: Observed = { scenario, cases: [] };
    for (const c of cases) {
      const caseDir = join(dir, c);
      const hosts = readFileSync(join(caseDir, 'hosts'), 'utf8')
        .split('\n')
        .filter((h) => h !== '');
      const one = observeCase(caseDir, hosts);
      writeFileSync(join(caseDir, 'case.json'), `${JSON.stringify(one, null, 2)}\n`);
      observed.cases.push(one);
    }
    writeFileSync(join(dir, 'observed.json'), `${JSON.stringify(observed, null, 2)}\n`);
    return;
  }
  throw new Error('usage: observe-cli case <case-dir> <host>... | assemble <out-dir> <scenario> <case>...');
}

main(process.argv.slice(2));
