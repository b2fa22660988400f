import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { Trace } from '@hookpath/engine';
import { hookPathSvg, type HookPathInput } from './hook-path-svg';
import type { ReportHookPath } from './report-document';
import { allHookPaths, EXAMPLE_FLOWS, loadExample, traceOf } from './testing/example-reports';

const NODE = 'node-10-12-97-49';
let trace: Trace;
let paths: ReportHookPath[];

/** The numbers drawn in the badges, in document order. */
const badges = (svg: string): string[] => [...svg.matchAll(/<circle [^>]*r="10"[^>]*\/><text [^>]*>(\d+)<\/text>/g)].map((m) => m[1] ?? '');

describe('hookPathSvg', () => {
  before(async () => {
    const model = await loadExample(EXAMPLE_FLOWS['004'].example);
    trace = traceOf(model, EXAMPLE_FLOWS['004'].question);
    paths = allHookPaths(model);
  });

  it('is deterministic and accessible: the same input gives the same string, with role="img" and a <title>', () => {
    const a = hookPathSvg({ host: NODE, hookPaths: paths, steps: trace.steps, direction: 'request', outcome: trace.disposition });
    const b = hookPathSvg({
      host: NODE,
      hookPaths: JSON.parse(JSON.stringify(paths)) as ReportHookPath[],
      steps: JSON.parse(JSON.stringify(trace.steps)) as Trace['steps'],
      direction: 'request',
      outcome: trace.disposition,
    });
    assert.equal(a, b);
    assert.match(
      a,
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 1064 \d+" [^>]*role="img" aria-label="netfilter hooks on node-10-12-97-49 \(request\)"/,
    );
    assert.match(a, /<title>netfilter hooks on node-10-12-97-49 \(request\)<\/title>/);
    assert.doesNotMatch(a, /href|<image|@import|url\(|<script|font-face/);
    assert.match(a, /font-family="system-ui, sans-serif"/);
  });

  it('request through the node: the ten boxes numbered in the order passed, IPVS drawn, the MASQUERADE rule quoted', () => {
    const svg = hookPathSvg({ host: NODE, hookPaths: paths, steps: trace.steps, direction: 'request', outcome: trace.disposition });
    assert.deepEqual(badges(svg), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    assert.match(
      svg,
      /<desc>Boxes passed in order: 1 in, 2 PREROUTING, 3 route-in, 4 INPUT, 5 ipvs, 6 route-out, 7 OUTPUT, 8 reroute, 9 POSTROUTING, 10 out\.<\/desc>/,
    );
    assert.match(svg, />IPVS<\/text>/);
    assert.doesNotMatch(svg, />bridge<\/text>/);
    assert.match(
      svg,
      />-A KUBE-POSTROUTING -m comment --comment &quot;kubernetes service traffic requiring SNAT&quot; -j MASQUERADE<\/text>/,
    );
    assert.doesNotMatch(svg, />✗<\/text>/);
  });

  it('each hook stacks its registered tables in priority order', () => {
    const svg = hookPathSvg({ host: NODE, hookPaths: paths, steps: [], direction: 'request' });
    const rows = [...svg.matchAll(/<text x="\d+" y="(\d+)" font-size="10\.5"[^>]*>([a-z ()]+) (−?\d+|last)<\/text>/g)].map(
      (m) => `${m[2]} ${m[3]}`,
    );
    const output = rows.slice(rows.indexOf('conntrack −200', rows.indexOf('conntrack confirm last')));
    assert.deepEqual(output.slice(0, 4), ['conntrack −200', 'mangle −150', 'nat (dstnat) −100', 'filter 0']);
    assert.ok(rows.includes('nat (srcnat) 100'));
    assert.match(svg, /the packet has no step on node-10-12-97-49/);
    assert.doesNotMatch(hookPathSvg({ host: NODE, hookPaths: paths }), /no step/, 'the hooks alone, with no packet, say nothing of one');
  });

  it('reply: the rp_filter drop gets the red ✗ at the routing decision, after 1 in and 2 PREROUTING', () => {
    const reply = trace.reply;
    assert.ok(reply !== undefined);
    const svg = hookPathSvg({ host: NODE, hookPaths: paths, steps: reply.steps, direction: 'reply', outcome: reply.disposition });
    assert.deepEqual(badges(svg), ['1', '2', '3']);
    assert.match(svg, /<desc>Boxes passed in order: 1 in, 2 PREROUTING, 3 route-in; dropped at route-in\.<\/desc>/);
    assert.match(svg, /<circle cx="\d+" cy="\d+" r="12" fill="#dc2626"\/><text [^>]*>✗<\/text>/);
    assert.match(svg, /<polygon points="[^"]+" fill="#fef2f2" stroke="#dc2626"/);
    assert.match(svg, />✗ dropped here \(rp_filter\):<\/text>/);
    assert.match(svg, />\+ rp_filter<\/text>/);
  });

  it('accepts hook paths as GraphQL sends them (enum names) and escapes every name', () => {
    const graphql: HookPathInput[] = paths
      .filter((p) => p.host === NODE)
      .map((p) => ({
        host: '<b>&',
        hook: p.hook,
        entries: p.entries.map((e) => ({
          ...e,
          kind: e.kind === 'table' ? 'TABLE' : e.kind === 'conntrack' ? 'CONNTRACK' : 'CONNTRACK_CONFIRM',
        })),
      }));
    const steps = trace.steps.filter((s) => s.host === NODE).map((s) => ({ ...s, host: '<b>&' }));
    const svg = hookPathSvg({ host: '<b>&', hookPaths: graphql, steps, direction: 'request' });
    assert.match(svg, /netfilter hooks on &lt;b&gt;&amp; \(request\)/);
    assert.doesNotMatch(svg, /<b>/);
    assert.equal(badges(svg).length, 10);
    assert.match(svg, />nat \(srcnat\) 100<\/text>/);
  });
});
