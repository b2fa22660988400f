import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { ReportDocument } from './report-document';
import { renderMarkdown } from './render-markdown';
import { EXAMPLE_FLOWS, exampleReport } from './testing/example-reports';
import { REPORT_EXPECTATIONS } from './testing/report-expectations';

const reports = new Map<string, ReportDocument>();
const doc = (key: string): ReportDocument => {
  const d = reports.get(key);
  assert.ok(d !== undefined);
  return d;
};

/** The text of the fenced blocks of one language. */
const blocks = (md: string, language: string): string[] =>
  [...md.matchAll(new RegExp(`^(\`{3,})${language}\\n([\\s\\S]*?)\\n\\1$`, 'gm'))].map((m) => m[2] ?? '');

describe('renderMarkdown on the five example incidents', () => {
  before(async () => {
    for (const [key, { example, question }] of Object.entries(EXAMPLE_FLOWS)) reports.set(key, await exampleReport(example, question));
  });

  for (const [key, expected] of Object.entries(REPORT_EXPECTATIONS)) {
    it(`${key}: verdict first, the decisive step, the fix, the capture time and the re-run command`, () => {
      const md = renderMarkdown(doc(key));
      const lines = md.split('\n');
      assert.equal(lines[0], `# ${doc(key).title}`);
      assert.equal(lines[2], `**${expected.verdict}**`);
      const decisive = md.slice(md.indexOf('## Decisive step'), md.indexOf('## Steps'));
      assert.ok(decisive.includes(expected.decisive), decisive);
      if (expected.fix === null) assert.doesNotMatch(md, /### Diagnosis and fix/);
      else
        assert.ok(
          blocks(md, 'sh').some((b) => b.split('\n').some((l) => l.startsWith(expected.fix ?? ''))),
          `fix ${expected.fix} in\n${blocks(md, 'sh').join('\n---\n')}`,
        );
      assert.ok(md.includes(`captured ${expected.capturedAt}`));
      assert.deepEqual(blocks(md, 'sh').at(-1), expected.command);
      const order = ['## Packet and snapshot', '## Decisive step', '## Steps', '## Path', '## What the snapshot lacked', '## Re-run'].map(
        (h) => md.indexOf(h),
      );
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        order,
      );
      assert.ok(order.every((i) => i > 0));
    });
  }

  it('every step is a table row of seven cells whatever its text holds (pipes escaped)', () => {
    const d = doc('004');
    const withPipe: ReportDocument = JSON.parse(JSON.stringify(d)) as ReportDocument;
    const step = withPipe.trace?.steps[5];
    assert.ok(step !== undefined);
    step.rule = '-A X -m comment --comment "a|b" -j ACCEPT';
    step.explanation = 'line one\nline | two <img src=x>';
    const md = renderMarkdown(withPipe);
    const rows = md.split('\n').filter((l) => /^\| (\*\*)?\d+/.test(l));
    assert.equal(rows.length, (d.trace?.steps.length ?? 0) + (d.trace?.reply?.steps.length ?? 0));
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length - 2, 7, row);
    assert.ok(md.includes('`-A X -m comment --comment "a\\|b" -j ACCEPT`'));
    assert.doesNotMatch(md, /<img/);
  });

  it('the round trip: the reply after the request, both as a table and as a tree with ✓ → ✗', () => {
    const md = renderMarkdown(doc('004'));
    assert.ok(
      md.indexOf('### Request: tcp 10.12.192.44:44624 → 10.12.115.101:80') <
        md.indexOf('### Reply: tcp 10.253.4.194:8000 → 10.12.97.49:44624'),
    );
    const [request, reply] = blocks(md, 'text').slice(-2);
    assert.match(request ?? '', /^✓ pod-10-12-192-44 \(steps 1-2\)/);
    assert.match(request ?? '', /\n {12}└─ ✓ DELIVERED at backend-10-253-4-194$/);
    assert.match(reply ?? '', /\n {4}└─→ ✗ node-10-12-97-49 \(steps 7-13\): in eth0; /);
    assert.match(reply ?? '', /└─ ✗ DROPPED \(RP_FILTER\) at node-10-12-97-49:eth0$/);
    assert.match(md, /^\| \*\*12\*\* ◀ \| node-10-12-97-49 \| rp_filter: rp_filter strict/m);
    assert.match(md, /^Round trip: not established: the reply ended DROPPED \(RP_FILTER\)/m);
  });

  it('what the snapshot lacked: per host crossed, what was not captured', () => {
    const md = renderMarkdown(doc('004'));
    assert.match(
      md,
      /^- `pod-10-12-192-44`: not captured: sysctl — kernel defaults assumed; iptables — no rules applied; conntrack — no existing connections assumed$/m,
    );
    assert.match(md, /^- `node-10-12-97-49`: not captured: conntrack — no existing connections assumed$/m);
  });

  it('is deterministic', async () => {
    const again = await exampleReport(EXAMPLE_FLOWS['003'].example, EXAMPLE_FLOWS['003'].question);
    assert.equal(renderMarkdown(again), renderMarkdown(doc('003')));
  });
});
