import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { ReportDocument } from './report-document';
import { renderHtml } from './render-html';
import { EXAMPLE_FLOWS, exampleReport } from './testing/example-reports';
import { REPORT_EXPECTATIONS } from './testing/report-expectations';

const reports = new Map<string, ReportDocument>();
const doc = (key: string): ReportDocument => {
  const d = reports.get(key);
  assert.ok(d !== undefined);
  return d;
};

/** The page's text as a reader sees it (tags dropped, entities decoded). */
function visible(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<(link|iframe|object|embed|img)\b/i);
  assert.doesNotMatch(html, /@import|url\(|@font-face/i);
  assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?[^"'\s>]*(https?:|\/\/)/i);
  assert.doesNotMatch(html, /<[^>]*\son[a-z]+\s*=/i);
}

describe('renderHtml on the five example incidents', () => {
  before(async () => {
    for (const [key, { example, question }] of Object.entries(EXAMPLE_FLOWS)) reports.set(key, await exampleReport(example, question));
  });

  for (const [key, expected] of Object.entries(REPORT_EXPECTATIONS)) {
    it(`${key}: one standalone file with the verdict, decisive step, fix, capture time, command and pictures`, () => {
      const html = renderHtml(doc(key));
      assertSelfContained(html);
      assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
      const text = visible(html);
      assert.ok(text.includes(expected.verdict), expected.verdict);
      assert.ok(text.includes(expected.decisive), expected.decisive);
      if (expected.fix !== null) assert.ok(text.includes(expected.fix), expected.fix);
      assert.ok(text.includes(`captured ${expected.capturedAt}`));
      assert.ok(text.includes(expected.command));
      assert.ok((html.match(/<svg /g) ?? []).length >= 1);
      assert.match(html, /@media print\{/);
      assert.match(html, /@media \(prefers-color-scheme:dark\)/);
      const sections = ['id="packet"', 'id="decisive"', 'id="steps"', 'id="path"', 'id="pictures"', 'id="lacks"', 'id="rerun"'].map((s) =>
        html.indexOf(s),
      );
      assert.ok(
        sections.every((i, n) => i > 0 && (n === 0 || i > (sections[n - 1] ?? 0))),
        JSON.stringify(sections),
      );
    });
  }

  it("004: the node path of both directions and the node's netfilter pictures, the reply one with the red ✗", () => {
    const html = renderHtml(doc('004'));
    const svgs = html.match(/<svg [\s\S]*?<\/svg>/g) ?? [];
    assert.deepEqual(
      svgs.map((s) => /<title>([^<]*)<\/title>/.exec(s)?.[1]),
      [
        'node path (request): ✓ DELIVERED at backend-10-253-4-194',
        'netfilter hooks on node-10-12-97-49 (request)',
        'node path (reply): ✗ DROPPED (RP_FILTER) at node-10-12-97-49:eth0',
        'netfilter hooks on node-10-12-97-49 (reply)',
      ],
    );
    assert.match(svgs[3] ?? '', /<desc>Boxes passed in order: 1 in, 2 PREROUTING, 3 route-in; dropped at route-in\.<\/desc>/);
    assert.match(html, /<tr class="decisive"><td class="n">12 ◀<\/td><td>node-10-12-97-49<\/td><td>rp_filter/);
  });

  it('escapes every string of the report, the title included', () => {
    const hostile: ReportDocument = {
      ...doc('004'),
      title: '<script>alert(1)</script> & "x"',
      command: "hookpath trace '<img src=x onerror=alert(1)>'",
    };
    const html = renderHtml(hostile);
    assertSelfContained(html);
    assert.ok(html.includes('<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</h1>'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  });

  it('offers the other formats by relative links only', () => {
    const html = renderHtml(doc('001'), { downloads: { markdown: '/r/abc.md', html: '/r/abc.html', json: '/r/abc.json' } });
    assert.match(
      html,
      /<a href="\/r\/abc\.md" download>Markdown<\/a> · <a href="\/r\/abc\.html" download>HTML<\/a> · <a href="\/r\/abc\.json" download>JSON<\/a>/,
    );
    assertSelfContained(html);
    assert.throws(
      () => renderHtml(doc('001'), { downloads: { markdown: 'https://evil.example/x.md', html: 'a', json: 'b' } }),
      /not relative/,
    );
    assert.throws(() => renderHtml(doc('001'), { downloads: { markdown: '//evil.example/x.md', html: 'a', json: 'b' } }), /not relative/);
    assert.doesNotMatch(renderHtml(doc('001')), /<nav/);
  });

  it('is deterministic', async () => {
    const again = await exampleReport(EXAMPLE_FLOWS['004'].example, EXAMPLE_FLOWS['004'].question);
    assert.equal(renderHtml(again), renderHtml(doc('004')));
  });
});
