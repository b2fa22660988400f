import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { expectationVerdict } from '@hookpath/contracts';
import type { FlowResultRecord } from '@hookpath/data-access';
import { summarizeTrace } from '@hookpath/diff';
import { simulate, type Trace } from '@hookpath/engine';
import type { SnapshotModel } from '@hookpath/model';
import { parseSnapshot } from '@hookpath/parsers';
import { readSnapshotDirectory } from '@hookpath/snapshot-io';
import { escapeXml, escapeXmlText, junitReport, type JobForReport } from './junit-report';

const EXAMPLES = join(resolve(__dirname, '..', '..', '..', '..'), 'examples');
const EXAMPLE = join(EXAMPLES, '000-vpc-nat-gw-eip');

const INCIDENT = { from: 'vm-13-13-0-4', src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp' as const, icmpId: 27281 };
const INBOUND = { from: 'external-gw', src: '192.169.100.1', dst: '192.169.100.2', proto: 'icmp' as const, icmpId: 2 };

function job(fields: Partial<JobForReport>): JobForReport {
  return {
    id: '7d3f8a52-58a2-4c1e-9f59-5a0d3c1e2b11',
    kind: 'trace',
    status: 'completed',
    request: {},
    requestHash: 'h',
    idempotencyKey: null,
    snapshotIds: [],
    progressDone: 1,
    progressTotal: 1,
    result: null,
    expectPassed: 0,
    expectFailed: 0,
    expectNone: 0,
    error: null,
    attempts: 1,
    createdAt: new Date('2026-11-22T10:00:00Z'),
    startedAt: new Date('2026-11-22T10:00:01Z'),
    finishedAt: new Date('2026-11-22T10:00:03.5Z'),
    ...fields,
  };
}

function attr(xml: string, element: string, name: string): string | undefined {
  return new RegExp(`<${element}\\b[^>]*\\b${name}="([^"]*)"`).exec(xml)?.[1];
}

describe('junitReport', () => {
  let model: SnapshotModel;
  let incident: Trace;
  let inbound: Trace;

  before(async () => {
    const parsed = parseSnapshot(await readSnapshotDirectory(EXAMPLE));
    model = parsed.model;
    const { from: f1, ...p1 } = INCIDENT;
    const { from: f2, ...p2 } = INBOUND;
    incident = simulate(model, { from: f1, packet: p1 });
    inbound = simulate(model, { from: f2, packet: p2 });
  });

  it('a trace job whose disposition differs from its expectation is one failing testcase naming both', () => {
    const expect = incident.disposition === 'DELIVERED' ? 'DROPPED' : 'DELIVERED';
    const xml = junitReport(job({ request: { snapshotId: 's', ...INCIDENT, expect }, result: incident, expectFailed: 1 }));
    assert.equal(attr(xml, 'testsuite', 'tests'), '1');
    assert.equal(attr(xml, 'testsuite', 'failures'), '1');
    assert.equal(attr(xml, 'testsuite', 'time'), '2.500');
    assert.equal(
      attr(xml, 'failure', 'message'),
      `expected ${expect}, got ${incident.disposition}${incident.dropReason ? ` (${incident.dropReason})` : ''}`,
    );
    assert.match(xml, /testcase name="#0 vm-13-13-0-4: 13\.13\.0\.4 -&gt; 192\.169\.100\.1 icmp"/);
  });

  it('a trace job that does what it is expected to passes', () => {
    const xml = junitReport(
      job({ request: { snapshotId: 's', ...INBOUND, expect: inbound.disposition }, result: inbound, expectPassed: 1 }),
    );
    assert.equal(attr(xml, 'testsuite', 'failures'), '0');
    assert.doesNotMatch(xml, /<failure/);
    assert.match(xml, new RegExp(`<system-out>${inbound.disposition}.*, as expected</system-out>`));
  });

  it('a batch has one testcase per flow: failures for failed expectations, errors for untraceable flows', () => {
    const flows: FlowResultRecord[] = [
      {
        index: 0,
        label: 'incident <ping>',
        request: INCIDENT,
        outcome: { disposition: incident.disposition, dropReason: incident.dropReason ?? null, diagnosis: [] },
        expect: 'DELIVERED',
        passed: incident.disposition === 'DELIVERED',
        trace: null,
        worker: 'w1',
      },
      {
        index: 1,
        label: null,
        request: INBOUND,
        outcome: { disposition: inbound.disposition, dropReason: null, diagnosis: [] },
        expect: null,
        passed: null,
        trace: null,
        worker: 'w1',
      },
      {
        index: 2,
        label: null,
        request: { ...INBOUND, from: 'nowhere' },
        outcome: { error: 'UNKNOWN_HOST', message: 'no host "nowhere"' },
        expect: null,
        passed: null,
        trace: null,
        worker: 'w2',
      },
    ];
    const xml = junitReport(job({ kind: 'trace-batch', progressDone: 3, progressTotal: 3 }), flows);
    assert.equal(attr(xml, 'testsuite', 'tests'), '3');
    assert.equal(attr(xml, 'testsuite', 'failures'), incident.disposition === 'DELIVERED' ? '0' : '1');
    assert.equal(attr(xml, 'testsuite', 'errors'), '1');
    assert.match(xml, /name="#0 incident &lt;ping&gt; \(vm-13-13-0-4: /);
    assert.match(xml, /<error message="UNKNOWN_HOST: no host &quot;nowhere&quot;"/);
  });

  it('a round trip expected DELIVERED whose answer does not come back fails, saying why', () => {
    const { from, ...packet } = INCIDENT;
    const roundTrip = simulate(model, { from, packet }, { roundTrip: true });
    assert.equal(roundTrip.roundTrip?.established, false, 'the incident: the reply has no way back');
    const request = { snapshotId: 's', ...INCIDENT, roundTrip: true, expect: 'DELIVERED' };
    const single = junitReport(job({ request, result: roundTrip, expectFailed: 1 }));
    assert.equal(attr(single, 'testsuite', 'failures'), '1');
    assert.match(single, /<failure message="expected DELIVERED, got [^"]*; not established: /);
    const flow: FlowResultRecord = {
      index: 0,
      label: 'old ping',
      request: { ...INCIDENT, roundTrip: true },
      outcome: {
        disposition: roundTrip.disposition,
        dropReason: roundTrip.dropReason,
        roundTrip: { established: false, summary: roundTrip.roundTrip?.summary },
      },
      expect: 'DELIVERED',
      passed: false,
      trace: roundTrip,
      worker: 'w1',
    };
    assert.match(
      junitReport(job({ kind: 'trace-batch' }), [flow]),
      /<testcase [^>]*name="#0 old ping[^"]*"[^>]*>\s*<failure [^>]*>[^<]*not established/,
    );
  });

  it('a diff with stored flows: one testcase per flow, same-as-base failing on a change', () => {
    const flows: FlowResultRecord[] = [
      {
        index: 0,
        label: 'new ping',
        request: INCIDENT,
        outcome: {
          base: { disposition: 'EXITED', dropReason: null },
          target: { disposition: 'EXITED', dropReason: null },
          changes: ['translation'],
        },
        expect: null,
        passed: null,
        trace: null,
        worker: 'w',
      },
      {
        index: 1,
        label: 'old ping',
        request: INCIDENT,
        outcome: {
          base: { disposition: 'EXITED', dropReason: null },
          target: { disposition: 'DROPPED', dropReason: 'RULE' },
          changes: ['disposition'],
        },
        expect: 'same-as-base',
        passed: false,
        trace: null,
        worker: 'w',
      },
      {
        index: 2,
        label: 'eip',
        request: INBOUND,
        outcome: {
          base: { error: 'UNKNOWN_HOST', message: 'no host' },
          target: { error: 'UNKNOWN_HOST', message: 'no host' },
          changes: [],
        },
        expect: 'same-as-base',
        passed: true,
        trace: null,
        worker: 'w',
      },
    ];
    const xml = junitReport(job({ kind: 'diff' }), flows);
    assert.equal(attr(xml, 'testsuite', 'tests'), '3');
    assert.equal(attr(xml, 'testsuite', 'failures'), '1');
    assert.equal(attr(xml, 'failure', 'message'), 'expected same-as-base; disposition changed: base EXITED, target DROPPED (RULE)');
    assert.match(xml, /<system-out>translation changed: base EXITED, target EXITED \(no expectation\)<\/system-out>/);
    assert.match(xml, /<system-out>unchanged: UNKNOWN_HOST: no host, as expected<\/system-out>/);
  });

  it('a diff without stored flows reports each changed flow of the result and counts the unchanged ones', () => {
    const result = {
      behavioural: {
        flows: 5,
        changed: [
          {
            index: 1,
            label: 'eip',
            changes: ['disposition'],
            base: { disposition: 'DELIVERED', dropReason: null },
            target: { disposition: 'DROPPED', dropReason: 'RULE' },
          },
        ],
      },
    };
    const request = { baseSnapshotId: 'a', targetSnapshotId: 'b', expect: 'same-as-base', flows: [INCIDENT, INBOUND] };
    const xml = junitReport(job({ kind: 'diff', request, result }));
    assert.equal(attr(xml, 'testsuite', 'tests'), '2');
    assert.equal(attr(xml, 'testsuite', 'failures'), '1');
    assert.equal(attr(xml, 'failure', 'message'), 'expected same-as-base; disposition: base DELIVERED, target DROPPED (RULE)');
    assert.match(xml, /name="4 unchanged flows"/);
  });

  it('an unfinished job is skipped, a failed one an error', () => {
    const queued = junitReport(job({ status: 'queued', progressDone: 0, startedAt: null, finishedAt: null }));
    assert.equal(attr(queued, 'testsuite', 'skipped'), '1');
    assert.match(queued, /the job is queued \(0\/1 done\)/);
    const failed = junitReport(job({ status: 'failed', error: { code: 'SNAPSHOT_UNPARSABLE', message: 'bad & broken' } }));
    assert.equal(attr(failed, 'error', 'message'), 'SNAPSHOT_UNPARSABLE: bad &amp; broken');
  });

  describe('seed 004 without --backend: three IPVS rr branches, the failing ones named', () => {
    // rr with its position unknown: one branch per real server, 1/3 each; the VPC router reaches only
    // 10.253.4.194, whose answer strict rp_filter drops on the node
    const SEED = { from: 'pod-10-12-192-44', src: '10.12.192.44', dst: '10.12.115.101', proto: 'tcp' as const, dport: 80, roundTrip: true };
    const NODE_004 = 'node-10-12-97-49';
    const B1 = 'branch 1 (33.3%): node-10-12-97-49 ipvs 10.253.1.139:8000 — DROPPED (NO_NEIGHBOR)';
    const B2 = 'branch 2 (33.3%): node-10-12-97-49 ipvs 10.253.3.5:8000 — DROPPED (NO_NEIGHBOR)';
    const B3 = 'branch 3 (33.3%): node-10-12-97-49 ipvs 10.253.4.194:8000 — DELIVERED, reply DROPPED (RP_FILTER)';
    let seed: Trace;
    before(async () => {
      const { from, roundTrip, ...packet } = SEED;
      seed = simulate(
        parseSnapshot(await readSnapshotDirectory(join(EXAMPLES, '004-eni-ipvs-rp-filter'))).model,
        { from, packet },
        { roundTrip },
      );
    });
    const stored = (expect: 'DELIVERED' | 'DROPPED', branches: 'all' | 'any' | undefined): FlowResultRecord => {
      const verdict = expectationVerdict(expect, branches, seed);
      return {
        index: 0,
        label: 'pod -> lb',
        request: { ...SEED, ...(branches === undefined ? {} : { branches }) },
        outcome: { ...summarizeTrace(seed), failedBranches: verdict.failedBranches },
        expect,
        passed: verdict.passed,
        trace: null,
        worker: 'w',
      };
    };

    it('a trace job expected DROPPED fails on the one delivered branch, named with its share, choice and fate', () => {
      assert.equal(seed.branches?.length, 3);
      const xml = junitReport(job({ request: { snapshotId: 's', ...SEED, expect: 'DROPPED' }, result: seed, expectFailed: 1 }));
      assert.equal(attr(xml, 'failure', 'message'), `expected DROPPED on every branch, 1 of 3 did not: ${B3}`);
    });

    it('a batch flow expected DELIVERED names every branch: none works as a connection', () => {
      const xml = junitReport(job({ kind: 'trace-batch' }), [stored('DELIVERED', undefined)]);
      assert.equal(attr(xml, 'failure', 'message'), `expected DELIVERED on every branch, 3 of 3 did not: ${B1}; ${B2}; ${B3}`);
      assert.match(xml, new RegExp(`>expected DELIVERED on every branch, 3 of 3 did not\n${B1.replace(/[().]/g, '\\$&')}\n`));
    });

    it('with branches "any", DROPPED passes (two branches are) and DELIVERED fails saying none did', () => {
      const any = stored('DROPPED', 'any');
      assert.equal(any.passed, true);
      assert.equal(attr(junitReport(job({ kind: 'trace-batch' }), [any]), 'testsuite', 'failures'), '0');
      const xml = junitReport(job({ kind: 'trace-batch' }), [stored('DELIVERED', 'any')]);
      assert.equal(attr(xml, 'failure', 'message'), `expected DELIVERED on at least one of 3 branches, none did: ${B1}; ${B2}; ${B3}`);
    });

    it('branches past the limit are said not to be checked, passing or failing', () => {
      const pass = { ...stored('DROPPED', 'any'), outcome: { ...summarizeTrace(seed), branchesOmitted: 2 } };
      assert.match(
        junitReport(job({ kind: 'trace-batch' }), [pass]),
        /, as expected; 2 more branches past the limit, not checked<\/system-out>/,
      );
      const fail = stored('DROPPED', undefined);
      const xml = junitReport(job({ kind: 'trace-batch' }), [{ ...fail, outcome: { ...(fail.outcome as object), branchesOmitted: 1 } }]);
      assert.match(xml, />expected DROPPED on every branch, 1 of 3 did not; 1 more branch past the limit, not checked\n/);
    });

    it('a diff flow expected DROPPED names the target branch that failed it, then what changed', () => {
      const base = summarizeTrace(seed);
      // without 10.253.1.139: two branches of 1/2, numbered anew
      const target = { ...base, branches: base.branches?.slice(1).map((b, i) => ({ ...b, branch: i + 1, probability: 0.5 })) };
      const outcome = { base, target, changes: ['branches'], failedBranches: [2] };
      const flow: FlowResultRecord = {
        index: 0,
        label: 'pod -> lb',
        request: SEED,
        outcome,
        expect: 'DROPPED',
        passed: false,
        trace: null,
        worker: 'w',
      };
      const message = attr(junitReport(job({ kind: 'diff' }), [flow]), 'failure', 'message');
      // the target's second branch is the delivered one (10.253.4.194): its number and share are the target's
      assert.ok(
        message?.startsWith(
          `expected DROPPED on every branch, 1 of 2 did not: branch 2 (50.0%): ${NODE_004} ipvs 10.253.4.194:8000 — DELIVERED, reply DROPPED (RP_FILTER); branches changed: base DROPPED (NO_NEIGHBOR)`,
        ),
        message,
      );
    });

    it('a diff flow failing same-as-base lists the branches that changed', () => {
      const base = summarizeTrace(seed);
      const target = { ...base, branches: base.branches?.slice(1) };
      const flow: FlowResultRecord = {
        index: 0,
        label: 'pod -> lb',
        request: SEED,
        outcome: { base, target, changes: ['branches'] },
        expect: 'same-as-base',
        passed: false,
        trace: null,
        worker: 'w',
      };
      const xml = junitReport(job({ kind: 'diff' }), [flow]);
      assert.match(
        xml,
        /<failure [^>]*type="BehaviourChanged">[^<]*\nbranch node-10-12-97-49 ipvs 10\.253\.1\.139:8000 \(gone\): 33\.3% DROPPED \(NO_NEIGHBOR\) → none<\/failure>/,
      );
    });
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    assert.equal(escapeXml(`a<b>&"c"'d'\u0001\u0007e`), 'a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;e');
    assert.equal(escapeXml('emoji 🙂 ok'), 'emoji 🙂 ok');
    assert.equal(escapeXmlText(`no host "x" & <y>\u0000`), 'no host "x" &amp; &lt;y&gt;');
  });
});
