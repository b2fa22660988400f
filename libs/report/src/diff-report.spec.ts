import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { diffReport, listedChangedFlows } from './diff-report';
import { parseReportDocument } from './parse-report-document';
import type { ReportSnapshot } from './report-document';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import { REPORT_TIMES } from './testing/example-reports';

const GW = 'vpc-nat-gw-eip-p7cs4r5y-0';
const SNAT_RULE = '-A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2';
const snapshot = (id: string, name: string, capturedAt: string | null): ReportSnapshot => ({
  id,
  name,
  cluster: 'cd56',
  capturedAt,
  hosts: [GW],
  captured: { ovn: true, k8s: false, hosts: [] },
});

/** A diff job's result as the worker stores it: seed 000 before and after the EIP binding (libs/diff example-000 spec). */
const RESULT = {
  baseSnapshotId: 'base',
  targetSnapshotId: 'target',
  structural: {
    hosts: { added: [], removed: [], changed: [GW] },
    changes: [
      {
        kind: 'iptables.rule.added',
        place: { host: GW, table: 'nat', chain: 'EXCLUSIVE_DNAT', position: { target: 1 }, line: { target: 15 } },
        after: '-A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4',
      },
      {
        kind: 'iptables.rule.added',
        place: { host: GW, table: 'nat', chain: 'EXCLUSIVE_SNAT', position: { target: 1 }, line: { target: 16 } },
        after: SNAT_RULE,
      },
    ],
    nat: [],
  },
  behavioural: {
    totals: { flows: 2, unchanged: 1, changed: 1 },
    groups: [
      {
        cause: {
          kind: 'rule',
          host: GW,
          description: 'rule added: table nat, chain EXCLUSIVE_SNAT, position 1 (line 16)',
          target: SNAT_RULE,
        },
        count: 1,
        flows: [
          {
            index: 1,
            label: 'new ping',
            from: 'vm-13-13-0-4',
            changes: ['disposition', 'path', 'translation'],
            base: {
              disposition: 'DELIVERED',
              dropReason: null,
              endHost: 'external-gw',
              diagnosis: [],
              path: 'p',
              reply: { disposition: 'DROPPED', dropReason: 'NO_ROUTE', endHost: 'external-gw' },
            },
            target: {
              disposition: 'DELIVERED',
              dropReason: null,
              endHost: 'external-gw',
              diagnosis: [],
              path: 'q',
              reply: { disposition: 'DELIVERED', dropReason: null, endHost: 'vm-13-13-0-4' },
            },
          },
        ],
      },
    ],
  },
};

describe('diff reports', () => {
  it("keeps the structural changes and the changed flows by cause, with the flows' packets", () => {
    assert.deepEqual(listedChangedFlows(RESULT), [1]);
    const doc = diffReport({
      id: 'r2',
      ...REPORT_TIMES,
      question: { baseSnapshotId: 'base', targetSnapshotId: 'target', flows: 2, generators: [], roundTrip: true },
      base: snapshot('base', '000-vpc-nat-gw-eip-before', null),
      target: snapshot('target', '000-vpc-nat-gw-eip', '2024-09-26T14:45:04+08:00'),
      result: RESULT,
      requests: new Map([
        [1, { from: 'vm-13-13-0-4', src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp' as const, icmpId: 4242, roundTrip: true }],
      ]),
    });
    assert.equal(parseReportDocument(JSON.parse(JSON.stringify(doc))).kind, 'diff');
    assert.deepEqual(doc.diff?.changes[1], {
      kind: 'iptables.rule.added',
      host: GW,
      where: 'nat EXCLUSIVE_SNAT #1 line 16',
      before: null,
      after: SNAT_RULE,
    });
    assert.deepEqual(doc.lacks, [
      { host: null, what: 'snapshot 000-vpc-nat-gw-eip-before states no capturedAt: how old its data is is unknown' },
    ]);
    const md = renderMarkdown(doc);
    assert.match(md, /^\*\*✗ 1 of 2 flows behave differently; 2 structural changes\*\*$/m);
    assert.match(
      md,
      /^\| iptables\.rule\.added \| vpc-nat-gw-eip-p7cs4r5y-0 \| nat EXCLUSIVE_SNAT #1 line 16 \| {2}\| `-A EXCLUSIVE_SNAT -s 13\.13\.0\.4\/32 -j SNAT --to-source 192\.169\.100\.2` \|$/m,
    );
    assert.match(
      md,
      /^### rule on vpc-nat-gw-eip-p7cs4r5y-0: rule added: table nat, chain EXCLUSIVE_SNAT, position 1 \(line 16\) \(1 flow\)$/m,
    );
    assert.match(
      md,
      /^\| 1 \| new ping \| icmp 13\.13\.0\.4 → 192\.169\.100\.1 id 4242 from vm-13-13-0-4 \| disposition, path, translation \| DELIVERED at external-gw; reply DROPPED \(NO_ROUTE\) \| DELIVERED at external-gw; reply DELIVERED \|$/m,
    );
    assert.match(md, /- \*\*Base snapshot:\*\* 000-vpc-nat-gw-eip-before \(cluster cd56\), capture time unknown/);
    assert.ok(md.includes('hookpath submit diff --base base --target target --flows flows.json --round-trip --wait'));
    assert.doesNotMatch(renderHtml(doc), /<script/);
  });

  it('reads a result it does not recognise as empty, never throws', () => {
    const doc = diffReport({
      id: 'r3',
      ...REPORT_TIMES,
      question: { baseSnapshotId: 'a', targetSnapshotId: 'b', flows: 0, generators: [] },
      base: snapshot('a', 'a', null),
      target: snapshot('b', 'b', null),
      result: 'garbage',
      requests: new Map(),
    });
    assert.deepEqual(doc.diff?.totals, { flows: 0, unchanged: 0, changed: 0 });
    assert.match(renderMarkdown(doc), /✓ no flow behaves differently \(0 traced\); 0 structural changes/);
  });
});
