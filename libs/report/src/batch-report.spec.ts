import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { Trace } from '@hookpath/engine';
import { batchReport, noteworthyFlow, type StoredBatchFlow } from './batch-report';
import { parseReportDocument } from './parse-report-document';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import { snapshotSummary } from './snapshot-summary';
import { EXAMPLE_FLOWS, loadExample, REPORT_TIMES, traceOf } from './testing/example-reports';

const INCIDENT = EXAMPLE_FLOWS['004'].question;
const DIRECT = {
  from: 'pod-10-12-192-44',
  src: '10.12.192.44',
  dst: '10.253.4.194',
  proto: 'tcp',
  sport: 44700,
  dport: 8000,
  roundTrip: true,
} as const;

/** The outcome a batch stores per flow (libs/diff summarizeTrace, reduced to what reports read). */
const outcome = (t: Trace) => ({
  disposition: t.disposition,
  dropReason: t.dropReason,
  endHost: t.end?.host ?? null,
  diagnosis: t.diagnosis.map((d) => d.code),
  ...(t.reply === undefined
    ? {}
    : { reply: { disposition: t.reply.disposition, dropReason: t.reply.dropReason, endHost: t.reply.end?.host ?? null } }),
  ...(t.roundTrip === undefined ? {} : { roundTrip: { established: t.roundTrip.established, summary: t.roundTrip.summary } }),
});

let flows: StoredBatchFlow[];
let traces: Trace[];
let snapshot: ReturnType<typeof snapshotSummary>;

describe('batch reports', () => {
  before(async () => {
    const model = await loadExample('004-eni-ipvs-rp-filter');
    snapshot = snapshotSummary(model, { id: 'snap-004', name: '004-eni-ipvs-rp-filter' });
    traces = [traceOf(model, INCIDENT), traceOf(model, DIRECT), traceOf(model, { ...INCIDENT, sport: 44625 })];
    flows = [
      {
        index: 0,
        label: 'lb',
        request: { ...INCIDENT, proto: undefined },
        outcome: outcome(traces[0]!),
        expect: 'DELIVERED',
        passed: false,
        trace: traces[0],
      },
      { index: 1, label: 'direct', request: DIRECT, outcome: outcome(traces[1]!), expect: 'DELIVERED', passed: true, trace: null },
      {
        index: 2,
        label: null,
        request: { from: 'nowhere', src: '1.1.1.1', dst: '2.2.2.2' },
        outcome: { error: 'UNKNOWN_HOST', message: 'no host nowhere' },
        expect: null,
        passed: null,
        trace: null,
      },
      {
        index: 3,
        label: 'lb again',
        request: { ...INCIDENT, sport: 44625 },
        outcome: outcome(traces[2]!),
        expect: 'DELIVERED',
        passed: false,
        trace: traces[2],
      },
    ];
  });

  it('lists the flows that failed their expectation, could not be traced or did not get through', () => {
    assert.deepEqual(flows.map(noteworthyFlow), [true, false, true, true]);
    assert.equal(noteworthyFlow({ ...flows[1]!, passed: null }), false);
    assert.equal(noteworthyFlow({ ...flows[0]!, passed: null }), true);
  });

  it('groups the failed flows by cause, with the decisive step and the fix of the kept traces', () => {
    const listed = flows.filter(noteworthyFlow).map((flow) => ({ flow, trace: (flow.trace as Trace | null) ?? null }));
    const doc = batchReport({
      id: 'r1',
      ...REPORT_TIMES,
      question: { snapshotId: 'snap-004', flows: 4, generators: [], expect: 'DELIVERED', roundTrip: true },
      snapshot,
      summary: { total: 4, byDisposition: { DELIVERED: 3, null: 1 }, expectations: { passed: 1, failed: 2, unchecked: 1 } },
      flows: listed,
      flowsOmitted: 5,
    });
    assert.equal(parseReportDocument(JSON.parse(JSON.stringify(doc))).kind, 'batch');
    assert.equal(doc.title, 'Batch of 4 flows on 004-eni-ipvs-rp-filter: 2 failed');
    assert.equal(doc.batch?.flows[0]?.flow.proto, 'tcp');
    assert.deepEqual([doc.batch?.flows[0]?.decisive?.direction, doc.batch?.flows[0]?.decisive?.step.kind], ['reply', 'rp_filter']);
    assert.equal(doc.command, 'hookpath submit batch --snapshot snap-004 --flows flows.json --expect DELIVERED --round-trip --wait');
    const md = renderMarkdown(doc);
    assert.match(md, /^\*\*✗ 2 of 4 flows failed their expectation \(1 passed, 1 unchecked\)\*\*$/m);
    assert.match(md, /^### expected DELIVERED, DELIVERED at backend-10-253-4-194 \(2 flows\)$/m);
    assert.match(md, /^### not traced: UNKNOWN_HOST: no host nowhere \(1 flow\)$/m);
    assert.match(
      md,
      /^\| 0 \| lb \| tcp 10\.12\.192\.44:44624 → 10\.12\.115\.101:80 from pod-10-12-192-44 \(backend 10\.253\.4\.194:8000, round trip\) \| DELIVERED \| DELIVERED at backend-10-253-4-194 \| reply step 12 on node-10-12-97-49: rp_filter strict/m,
    );
    assert.ok(md.includes('in node-10-12-97-49: sysctl -w net.ipv4.conf.eth0.rp_filter=2'));
    assert.match(md, /^5 more flows of the same kind not listed\.$/m);
    const html = renderHtml(doc);
    assert.doesNotMatch(html, /<script/);
    assert.ok(html.includes('2 of 4 flows failed their expectation'));
  });

  it('a request that reads its expectation on any branch says so, and its re-run command asks the same', () => {
    const doc = batchReport({
      id: 'r2',
      ...REPORT_TIMES,
      question: { snapshotId: 'snap-004', flows: 1, generators: [], expect: 'DROPPED', branches: 'any' },
      snapshot,
      summary: { total: 1, byDisposition: { DROPPED: 1 }, expectations: { passed: 1, failed: 0, unchecked: 0 } },
      flows: [],
      flowsOmitted: 0,
    });
    assert.equal(parseReportDocument(JSON.parse(JSON.stringify(doc))).kind, 'batch');
    assert.equal(doc.command, 'hookpath submit batch --snapshot snap-004 --flows flows.json --expect DROPPED --branches any --wait');
    assert.match(renderMarkdown(doc), /^- \*\*Request:\*\* 1 listed flow; expect DROPPED on any branch$/m);
    assert.ok(renderHtml(doc).includes('expect DROPPED on any branch'));
    assert.throws(
      () => parseReportDocument({ ...JSON.parse(JSON.stringify(doc)), question: { ...doc.question, branches: 3 } }),
      /\$\.question\.branches/,
    );
  });
});
