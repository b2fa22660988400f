import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { Trace } from '@hookpath/engine';
import { pathHops } from './path-hops';
import { pathSvg } from './path-svg';
import { EXAMPLE_FLOWS, loadExample, traceOf } from './testing/example-reports';

const traces = new Map<string, Trace>();
const of = (key: string): Trace => {
  const t = traces.get(key);
  assert.ok(t !== undefined);
  return t;
};

describe('pathSvg and pathHops', () => {
  before(async () => {
    for (const key of ['002', '004'] as const)
      traces.set(key, traceOf(await loadExample(EXAMPLE_FLOWS[key].example), EXAMPLE_FLOWS[key].question));
  });

  it('004 reply: one box per host in order, the node where rp_filter dropped it red with ✗', () => {
    const reply = of('004').reply;
    assert.ok(reply !== undefined);
    const hops = pathHops(reply);
    assert.deepEqual(
      hops.map((h) => [h.place, h.first, h.last, h.stopped]),
      [
        ['backend-10-253-4-194', 1, 2, false],
        ['vpc-router', 3, 6, false],
        ['node-10-12-97-49', 7, 13, true],
      ],
    );
    assert.deepEqual(hops[2]?.observations.slice(0, 4), [
      'in eth0',
      'dst 10.12.97.49:44624 → 10.12.192.44:44624 (conntrack)',
      'route: out fsk7c22dbae71f7',
      '✗ dropped by the reverse-path filter on eth0 (rp_filter strict)',
    ]);
    const svg = pathSvg(reply, { direction: 'reply' });
    assert.equal(svg, pathSvg(JSON.parse(JSON.stringify(reply)) as Trace, { direction: 'reply' }));
    assert.match(svg, /role="img"/);
    assert.match(svg, /<title>node path \(reply\): ✗ DROPPED \(RP_FILTER\) at node-10-12-97-49:eth0<\/title>/);
    assert.equal([...svg.matchAll(/<rect x="48" [^>]*\/>/g)].length, 3);
    assert.equal([...svg.matchAll(/<rect x="48" [^>]*fill="#fef2f2" stroke="#dc2626"/g)].length, 1);
    assert.match(svg, />✗<\/text>/);
  });

  it('004 request: IPVS and MASQUERADE rewrite the header on the node', () => {
    const node = pathHops(of('004')).find((h) => h.place === 'node-10-12-97-49');
    assert.ok(node?.observations.includes('dst 10.12.115.101:80 → 10.253.4.194:8000 (IPVS)'));
    assert.ok(node?.observations.includes('src 10.12.192.44:44624 → 10.12.97.49:44624 (nat MASQUERADE)'));
    assert.ok(node?.observations.includes('POSTROUTING nat/KUBE-POSTROUTING: MASQUERADE'));
  });

  it('002: OVN datapaths are boxes of their own, with the load balancer row, the chassis and the MACs', () => {
    const hops = pathHops(of('002'));
    assert.deepEqual(
      hops.map((h) => [h.place, h.kind, h.stopped]),
      [
        ['external', 'ovn-switch', false],
        ['vpc-75989', 'ovn-router', true],
      ],
    );
    const router = hops[1]?.observations ?? [];
    assert.ok(router.includes('lr_in_dnat: dnat-74661 172.19.0.10:8080 -> 192.168.0.3:80'), router.join('\n'));
    assert.ok(router.includes('dst 172.19.0.10:8080 → 192.168.0.3:80 (lr_in_dnat)'));
    assert.ok(router.some((l) => l.startsWith('chassis 2922af73-b67b-49ab-9a70-018c40af25a7')));
    assert.ok(router.some((l) => l.startsWith('lr_in_arp_request: Router vpc-75989: no MAC for next hop 192.168.0.3')));
    const svg = pathSvg(of('002'), { from: 'ovn:ln-external' });
    assert.match(svg, />OVN logical router · steps 3–6<\/text>/);
    assert.match(svg, /stroke-dasharray/);
    assert.match(svg, />✗ DROPPED \(NO_NEIGHBOR\) at vpc-75989<\/text>/);
  });
});
