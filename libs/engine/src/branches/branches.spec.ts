import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { editFile, exampleFiles, loadExample, parseExample } from '../pipeline/testing/load-example';
import { simulate, type SimulateOptions } from '../simulate';
import type { Trace } from '../trace/trace';

/**
 * examples/003-br-netfilter with default/web spread by kube-proxy over three endpoints (its
 * iptables-mode layout: `-m statistic --mode random --probability 1/n` on every rule but the last):
 * pod-b (10.244.0.3), an address nobody answers on cni0 (10.244.0.7) and pod-a itself (10.244.0.2).
 */
const SVC = 'KUBE-SVC-CDGGSHYLG3RE2FKL';
const SEPS = ['KUBE-SEP-TCD3IFXQZW3ZEZQU', 'KUBE-SEP-BBBBBBBBBBBBBBBB', 'KUBE-SEP-CCCCCCCCCCCCCCCC'];
const ENDPOINTS = ['10.244.0.3', '10.244.0.7', '10.244.0.2'];

const sep = (chain: string, ip: string): string =>
  `[0:0] -A ${chain} -s ${ip}/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ\n` +
  `[0:0] -A ${chain} -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination ${ip}:8080`;

function threeEndpoints(): ReturnType<typeof parseExample> {
  const files = editFile(exampleFiles('003-br-netfilter'), 'hosts/node-1/iptables-save.txt', (text) =>
    text
      .replace(`:${SVC} - [0:0]`, `:${SVC} - [0:0]\n:${SEPS[1]} - [0:0]\n:${SEPS[2]} - [0:0]`)
      .replace(
        `[1:60] -A ${SVC} -m comment --comment "default/web:http -> 10.244.0.3:8080" -j ${SEPS[0]}`,
        [
          `[0:0] -A ${SVC} -m comment --comment "default/web:http -> 10.244.0.3:8080" -m statistic --mode random --probability 0.33333333349 -j ${SEPS[0]}`,
          `[0:0] -A ${SVC} -m comment --comment "default/web:http -> 10.244.0.7:8080" -m statistic --mode random --probability 0.50000000000 -j ${SEPS[1]}`,
          `[0:0] -A ${SVC} -m comment --comment "default/web:http -> 10.244.0.2:8080" -j ${SEPS[2]}`,
          sep(SEPS[1] as string, '10.244.0.7'),
          sep(SEPS[2] as string, '10.244.0.2'),
        ].join('\n'),
      ),
  );
  return parseExample(files);
}

const toService = (model: ReturnType<typeof parseExample>, options: SimulateOptions = {}): Trace =>
  simulate(model, { from: 'pod-a', packet: { src: '10.244.0.2', dst: '10.96.0.10', proto: 'tcp', sport: 40000, dport: 80 } }, options);

/** Where the DNAT of the trace sent the packet. */
const dnatTo = (t: Pick<Trace, 'steps'>): string | undefined => t.steps.find((s) => s.verdict === 'DNAT')?.packetAfter?.dst;

describe('branches: every possibility the snapshot does not fix', () => {
  it('a kube-proxy Service with 3 endpoints gives 3 branches of about 1/3 each, in rule order', () => {
    const t = toService(threeEndpoints());
    const branches = t.branches ?? [];
    assert.equal(branches.length, 3);
    assert.equal(t.branchesOmitted, 0);
    assert.deepEqual(branches.map(dnatTo), ENDPOINTS);
    for (const b of branches) assert.ok(Math.abs(b.probability - 1 / 3) < 1e-6, String(b.probability));
    assert.ok(Math.abs(branches.reduce((s, b) => s + b.probability, 0) - 1) < 1e-9);
    // the spread is one choice among the three endpoint chains, as TRACE-CONTRACT shows it
    assert.deepEqual(
      branches.map((b) => b.choices.map((c) => [c.host, c.kind, c.chosen, c.among])),
      SEPS.map((s) => [['node-1', 'statistic', s, SEPS]]),
    );
    for (const b of branches) {
      assert.match(b.choices[0]?.rule ?? '', /^-A KUBE-SVC-CDGGSHYLG3RE2FKL .*--probability 0\.33333333349 -j KUBE-SEP-TCD3IFXQZW3ZEZQU$/);
      assert.ok(Math.abs((b.choices[0]?.weight ?? 0) - 1 / 3) < 1e-6);
    }
  });

  it('the top-level fields are the most likely leaf, the first on a tie', () => {
    const t = toService(threeEndpoints());
    const first = t.branches?.[0];
    assert.deepEqual([t.disposition, t.dropReason, dnatTo(t)], [first?.disposition, first?.dropReason, '10.244.0.3']);
    assert.equal(t.disposition, 'DELIVERED');
  });

  it('--backend picks the KUBE-SEP whose DNAT goes there; --choose names the chain', () => {
    for (const [i, ip] of ENDPOINTS.entries()) {
      const pinned = toService(threeEndpoints(), { backend: `${ip}:8080` });
      assert.equal(pinned.branches, undefined);
      assert.equal(dnatTo(pinned), ip);
      const chosen = toService(threeEndpoints(), { choose: SEPS[i] as string });
      assert.equal(chosen.branches, undefined);
      assert.equal(dnatTo(chosen), ip);
    }
  });

  it('--backend that is no endpoint of the Service is refused, naming the endpoints', () => {
    assert.throws(
      () => toService(threeEndpoints(), { backend: '10.244.0.99:8080' }),
      (e: Error) =>
        e.name === 'TraceRequestError' &&
        /--backend 10\.244\.0\.99:8080: the endpoints of KUBE-SVC-CDGGSHYLG3RE2FKL on node-1 are 10\.244\.0\.3:8080, 10\.244\.0\.7:8080, 10\.244\.0\.2:8080/.test(
          e.message,
        ),
    );
  });

  it('a branch limit lists the first leaves and counts the rest', () => {
    const t = toService(threeEndpoints(), { branchLimit: 2 });
    assert.deepEqual([t.branches?.length, t.branchesOmitted], [2, 1]);
  });

  it('seed 004 without --backend: one branch per IPVS real server (rr, equal weights); the reply of 10.253.4.194 is the rp_filter drop', () => {
    const packet = { src: '10.12.192.44', dst: '10.12.115.101', proto: 'tcp' as const, sport: 44624, dport: 80 };
    const t = simulate(loadExample('004-eni-ipvs-rp-filter'), { from: 'pod-10-12-192-44', packet }, { roundTrip: true });
    const branches = t.branches ?? [];
    assert.deepEqual(
      branches.map((b) => [
        b.choices.map((c) => `${c.host} ${c.kind} ${c.chosen}`).join(),
        b.disposition,
        b.dropReason,
        b.reply?.disposition ?? null,
        b.reply?.dropReason ?? null,
      ]),
      [
        ['node-10-12-97-49 ipvs 10.253.1.139:8000', 'DROPPED', 'NO_NEIGHBOR', null, null],
        ['node-10-12-97-49 ipvs 10.253.3.5:8000', 'DROPPED', 'NO_NEIGHBOR', null, null],
        ['node-10-12-97-49 ipvs 10.253.4.194:8000', 'DELIVERED', null, 'DROPPED', 'RP_FILTER'],
      ],
    );
    for (const b of branches) assert.ok(Math.abs(b.probability - 1 / 3) < 1e-9);
    assert.deepEqual(branches[0]?.choices[0]?.among, ['10.253.1.139:8000', '10.253.3.5:8000', '10.253.4.194:8000']);
    const pinned = simulate(
      loadExample('004-eni-ipvs-rp-filter'),
      { from: 'pod-10-12-192-44', packet },
      { roundTrip: true, backend: '10.253.4.194:8000' },
    );
    assert.equal(pinned.branches, undefined);
    assert.deepEqual([pinned.disposition, pinned.reply?.dropReason], ['DELIVERED', 'RP_FILTER']);
  });

  it('a multipath route: one branch per next hop by weight, the heavier at the top level; --multipath and --choose pin one', () => {
    const route =
      '{"dst":"192.0.2.0/24","flags":[],"nexthops":[{"gateway":"10.244.0.3","dev":"cni0","weight":3,"flags":[]},{"gateway":"10.244.0.2","dev":"cni0","weight":1,"flags":[]}]},';
    const model = parseExample(
      editFile(exampleFiles('003-br-netfilter'), 'hosts/node-1/ip-route.json', (text) => text.replace('[', `[${route}`)),
    );
    const request = { from: 'pod-a', packet: { src: '10.244.0.2', dst: '192.0.2.5', proto: 'udp' as const, sport: 40001, dport: 53 } };
    const t = simulate(model, request);
    const branches = t.branches ?? [];
    assert.deepEqual(
      branches.map((b) => [b.probability, b.choices.map((c) => [c.host, c.kind, c.chosen, c.among.length, c.weight])]),
      [
        [0.75, [['node-1', 'multipath', 'via 10.244.0.3 dev cni0', 2, 0.75]]],
        [0.25, [['node-1', 'multipath', 'via 10.244.0.2 dev cni0', 2, 0.25]]],
      ],
    );
    assert.equal(branches[0]?.choices[0]?.rule?.startsWith('192.0.2.0/24'), true, branches[0]?.choices[0]?.rule);
    assert.equal(t.steps, branches[0]?.steps);
    const viaPodA = (x: Trace): boolean =>
      x.steps.some((s) => s.host === 'node-1' && s.kind === 'routing' && /taking path 2/.test(s.explanation));
    assert.ok(branches[1] !== undefined && viaPodA(branches[1] as Trace));
    for (const pinned of [simulate(model, request, { multipath: 1 }), simulate(model, request, { choose: '10.244.0.2' })]) {
      assert.equal(pinned.branches, undefined);
      assert.ok(viaPodA(pinned));
    }
  });

  it('an nth round robin (--every 3 --packet 0, then the last endpoint): 1/3 and 2/3, one choice among both chains (kernel scenario 76)', () => {
    const files = editFile(exampleFiles('003-br-netfilter'), 'hosts/node-1/iptables-save.txt', (text) =>
      text
        .replace(`:${SVC} - [0:0]`, `:${SVC} - [0:0]\n:${SEPS[2]} - [0:0]`)
        .replace(
          `[1:60] -A ${SVC} -m comment --comment "default/web:http -> 10.244.0.3:8080" -j ${SEPS[0]}`,
          [
            `[0:0] -A ${SVC} -m statistic --mode nth --every 3 --packet 0 -j ${SEPS[0]}`,
            `[0:0] -A ${SVC} -j ${SEPS[2]}`,
            sep(SEPS[2] as string, '10.244.0.2'),
          ].join('\n'),
        ),
    );
    const t = toService(parseExample(files));
    const branches = t.branches ?? [];
    assert.deepEqual(branches.map(dnatTo), ['10.244.0.3', '10.244.0.2']);
    assert.deepEqual(
      branches.map((b) => Math.round(b.probability * 3)),
      [1, 2],
    );
    assert.deepEqual(
      branches.map((b) => b.choices.map((c) => c.chosen)),
      [[SEPS[0]], [SEPS[2]]],
    );
    assert.equal(dnatTo(t), '10.244.0.2', 'the top level is the more likely 2/3');
  });

  it('a trace without choices has no branches field', () => {
    const t = toService(loadExample('003-br-netfilter'));
    assert.equal(t.branches, undefined);
    assert.equal(t.branchesOmitted, undefined);
  });
});
