import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSnapshotDirectory } from '@hookpath/snapshot-io';
import { parseSnapshot } from '@hookpath/parsers';
import { parseTcpFlags, simulate, type PacketSpec, type SimulateOptions, type Trace } from '@hookpath/engine';
import { ROOT } from '../support/paths';
import { engineView, expectationOf } from './engine-expectation';
import { parseOvnTraceDetailed, type OvnTrace } from './ovn-trace-detailed';
import { ovnMissing, probeOptions, runScenarios, type SandboxRun } from './run-sandbox';
import { readScenarios, type ProbeRequest, type Scenario } from './scenario-file';

/**
 * Every scenario of scenarios/ is built with ovn-nbctl against a real ovn-northd (OVN 23.03),
 * captured as a snapshot and traced with `ovn-trace --detailed`; the engine then traces the same
 * packets on the captured snapshot and must agree with what ovn-trace did (README.md).
 * Both halves run for every scenario: an oracle that fails fails the test, and so does any
 * disagreement.
 */
const DIR = resolve(ROOT, 'test/conformance-ovn');
const SCRIPT = join(DIR, 'sandbox/run-scenario.sh');
const scenarios = readScenarios(join(DIR, 'scenarios'));
const POOL = 4;

function oracleOf(run: SandboxRun, probe: string): { text: string; trace: OvnTrace } {
  const text = readFileSync(join(run.out, 'traces', `${probe}.txt`), 'utf8');
  return { text, trace: parseOvnTraceDetailed(text, probeOptions(run.out, probe)) };
}

function checkOracle(s: Scenario, run: SandboxRun | undefined): void {
  assert.ok(run !== undefined, `${s.name}: the sandbox did not run`);
  assert.equal(run.status, 0, `${s.name}: sandbox/run-scenario.sh failed (${String(run.status)}):\n${run.stderr}`);
  const probes = readFileSync(join(run.out, 'probes.txt'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .sort();
  assert.deepEqual(
    probes,
    s.requests.map((r) => r.probe).sort(),
    `${s.name}: every probe needs one "# request" line and every request one probe`,
  );
  const ovn = readdirSync(join(run.out, 'snapshot/ovn'));
  for (const f of ['nbctl-show.txt', 'sbctl-show.txt', 'sb-MAC_Binding.txt'])
    assert.ok(ovn.includes(f), `${s.name}: snapshot lacks ovn/${f}`);
  assert.ok(ovn.includes('nb.json') || ovn.includes('nb-NAT.txt'), `${s.name}: snapshot has neither nb.json nor nb-<Table>.txt`);
  for (const r of s.requests) {
    const { text, trace } = oracleOf(run, r.probe);
    const why = `${s.name}/${r.probe}: ovn-trace said:\n${text}`;
    assert.deepEqual(trace.errors, [], why);
    assert.notEqual(trace.outcome.kind, 'none', `no output, drop or answer: ${why}`);
    assert.ok(
      trace.nat.every((n) => n.to !== null),
      `a load balancer chose at random (pin it with --lb-dst): ${why}`,
    );
  }
}

const models = new Map<string, ReturnType<typeof parseSnapshot>['model']>();
async function modelOf(run: SandboxRun): Promise<ReturnType<typeof parseSnapshot>['model']> {
  const cached = models.get(run.scenario);
  if (cached !== undefined) return cached;
  const dir = join(run.out, 'snapshot');
  const { model, errors } = parseSnapshot(await readSnapshotDirectory(dir));
  if (errors.length > 0)
    throw new Error(
      `the captured snapshot does not parse:\n${errors.map((e) => `  ${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n')}`,
    );
  models.set(run.scenario, model);
  return model;
}

function engineTrace(model: ReturnType<typeof parseSnapshot>['model'], r: ProbeRequest): Trace {
  const packet: PacketSpec = { src: r.src, dst: r.dst, proto: r.proto };
  if (r.sport !== undefined) packet.sport = r.sport;
  if (r.dport !== undefined) packet.dport = r.dport;
  if (r.icmpId !== undefined) packet.icmpId = r.icmpId;
  if (r.tcpFlags !== undefined) {
    const flags = parseTcpFlags(r.tcpFlags);
    if ('error' in flags) throw new Error(`tcpFlags ${flags.error}`);
    packet.tcpFlags = flags.flags;
  }
  const options: SimulateOptions & { choose?: string } = {};
  if (r.backend !== undefined) options.backend = r.backend;
  if (r.choose !== undefined) options.choose = r.choose;
  return simulate(model, { from: r.from, packet }, options);
}

const stepsText = (t: Trace): string =>
  t.steps
    .map((s) => {
      const o = s as unknown as { datapath?: string; stage?: string };
      return `  ${s.host} ${s.kind}${o.stage === undefined ? '' : ` ${o.datapath ?? ''}/${o.stage}`}: ${s.explanation}`;
    })
    .join('\n');

const missing = ovnMissing();
if (missing !== null && process.env.HOOKPATH_SKIP_CONFORMANCE === '1') {
  process.stdout.write(`\n!!!!!!!! OVN CONFORMANCE SKIPPED (HOOKPATH_SKIP_CONFORMANCE=1): ${missing} !!!!!!!!\n\n`);
  it('ovn conformance', { skip: `SKIPPED: ${missing}` }, () => undefined);
} else if (missing !== null) {
  it('ovn conformance', () =>
    assert.fail(`OVN conformance cannot run: ${missing}; or set HOOKPATH_SKIP_CONFORMANCE=1 to skip it knowingly`));
} else {
  describe('OVN conformance: the engine against ovn-northd + ovn-trace', () => {
    const out = mkdtempSync(join(tmpdir(), 'hookpath-ovn-conformance-'));
    let runs = new Map<string, SandboxRun>();
    before(async () => {
      const started = Date.now();
      runs = await runScenarios(SCRIPT, scenarios, out, POOL);
      const probes = scenarios.reduce((n, s) => n + s.requests.length, 0);
      process.stdout.write(
        `# OVN oracle: ${scenarios.length} scenarios, ${probes} probes in ${Date.now() - started} ms (pool ${POOL}); outputs in ${out}\n`,
      );
    });
    after(() => {
      if (process.env.HOOKPATH_OVN_KEEP !== '1') rmSync(out, { recursive: true, force: true });
    });

    it('has at least 30 scenarios', () => {
      assert.ok(scenarios.length >= 30, `${scenarios.length} scenarios`);
    });

    for (const s of scenarios) {
      describe(s.name, () => {
        it('oracle: northd, snapshot capture and every ovn-trace succeed and are understood', () => checkOracle(s, runs.get(s.name)));
        for (const r of s.requests) {
          it(`engine = ovn-trace: ${r.probe}`, async () => {
            const run = runs.get(s.name);
            assert.ok(
              run !== undefined && run.status === 0 && existsSync(join(run.out, 'traces', `${r.probe}.txt`)),
              `the oracle failed for ${s.name}: ${run?.stderr ?? ''}`,
            );
            const { text, trace: oracle } = oracleOf(run, r.probe);
            const expected = expectationOf(oracle);
            const cmd = readFileSync(join(run.out, 'traces', `${r.probe}.cmd`), 'utf8');
            let t: Trace;
            try {
              t = engineTrace(await modelOf(run), r);
            } catch (e) {
              assert.fail(
                `engine failed: ${e instanceof Error ? e.message : String(e)}\nexpected ${JSON.stringify(expected)}\n$ ${cmd}${text}`,
              );
            }
            const actual = engineView(t, expected, oracle);
            const diff = `expected (from ovn-trace): ${JSON.stringify(expected)}\nengine says:               ${JSON.stringify(actual)}`;
            assert.deepEqual(
              actual,
              expected,
              `${s.name}/${r.probe}: the engine disagrees with ovn-trace\n${diff}\nengine steps:\n${stepsText(t)}\n\n$ ${cmd}${text}`,
            );
          });
        }
      });
    }
  });
}
