import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { pathsOf } from './branch-text';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import { EXAMPLE_FLOWS, exampleReport } from './testing/example-reports';

/** Seed 004's question without --backend: IPVS rr over three real servers, one whose reply rp_filter drops. */
const { backend: _pinned, ...question } = EXAMPLE_FLOWS['004'].question;

describe('a shared report of a trace with branches lists its paths', () => {
  it('pathsOf: the CLI summary, a row per real server with its share and fate, the most likely (first on a tie) shown', async () => {
    const doc = await exampleReport(EXAMPLE_FLOWS['004'].example, question);
    const paths = pathsOf(doc.trace ?? { branches: [] });
    assert.ok(paths !== null);
    assert.equal(paths.summary, '3 paths: 2 DROPPED (NO_NEIGHBOR), 1 DELIVERED, reply DROPPED (RP_FILTER)');
    assert.deepEqual(
      paths.rows.map((r) => [r.number, r.probability, r.choices, r.outcome, r.tone, r.shown]),
      [
        [1, '33.3%', 'node-10-12-97-49 ipvs 10.253.1.139:8000', 'DROPPED (NO_NEIGHBOR)', 'bad', true],
        [2, '33.3%', 'node-10-12-97-49 ipvs 10.253.3.5:8000', 'DROPPED (NO_NEIGHBOR)', 'bad', false],
        [3, '33.3%', 'node-10-12-97-49 ipvs 10.253.4.194:8000', 'DELIVERED, reply DROPPED (RP_FILTER)', 'bad', false],
      ],
    );
  });

  it('Markdown and HTML: a Paths section before the decisive step; none for a pinned trace', async () => {
    const doc = await exampleReport(EXAMPLE_FLOWS['004'].example, question);
    const md = renderMarkdown(doc);
    assert.ok(md.indexOf('## Paths') > 0 && md.indexOf('## Paths') < md.indexOf('## Decisive step'));
    assert.match(md, /\| \*\*1\*\* ◀ \| 33\.3% \| node-10-12-97-49 ipvs 10\.253\.1\.139:8000 \| DROPPED \(NO_NEIGHBOR\) \|/);
    assert.match(md, /\| 3 \| 33\.3% \| node-10-12-97-49 ipvs 10\.253\.4\.194:8000 \| DELIVERED, reply DROPPED \(RP_FILTER\) \|/);
    const html = renderHtml(doc);
    assert.match(
      html,
      /<section id="paths"><h2>Paths<\/h2><p>3 paths: 2 DROPPED \(NO_NEIGHBOR\), 1 DELIVERED, reply DROPPED \(RP_FILTER\)\./,
    );
    assert.equal(html.match(/<tr class="shown">/g)?.length, 1);
    const pinned = await exampleReport(EXAMPLE_FLOWS['004'].example, EXAMPLE_FLOWS['004'].question);
    assert.doesNotMatch(renderMarkdown(pinned), /## Paths/);
    assert.doesNotMatch(renderHtml(pinned), /id="paths"/);
  });
});
