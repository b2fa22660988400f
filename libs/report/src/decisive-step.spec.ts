import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { Trace } from '@hookpath/engine';
import { decisiveStep } from './decisive-step';
import { EXAMPLE_FLOWS, loadExample, traceOf } from './testing/example-reports';

const traces = new Map<string, Trace>();

describe('decisiveStep on the examples', () => {
  before(async () => {
    for (const [key, { example, question }] of Object.entries(EXAMPLE_FLOWS))
      traces.set(key, traceOf(await loadExample(example), question));
  });
  const of = (key: string): Trace => {
    const t = traces.get(key);
    assert.ok(t !== undefined);
    return t;
  };

  it('004: the reply dropped by strict rp_filter on the node (the rp_filter check, not the drop line after it)', () => {
    const d = decisiveStep(of('004'));
    assert.deepEqual(
      [d?.direction, d?.number, d?.step.kind, d?.step.host, d?.outcome, d?.rule],
      ['reply', 12, 'rp_filter', 'node-10-12-97-49', 'DROPPED', null],
    );
    assert.equal(of('004').reply?.steps[12]?.kind, 'drop');
  });

  it('004 without --backend: the ARP that gets no answer decides, not the rp_filter check that passed before it', async () => {
    const { from, src, dst, proto, sport, dport } = EXAMPLE_FLOWS['004'].question;
    const question = { from, src, dst, proto, sport, dport };
    const trace = traceOf(await loadExample(EXAMPLE_FLOWS['004'].example), question);
    assert.deepEqual([trace.disposition, trace.dropReason], ['DROPPED', 'NO_NEIGHBOR']);
    assert.equal(trace.steps.at(-2)?.kind, 'rp_filter', 'a passing rp_filter check comes just before the drop');
    const d = decisiveStep(trace);
    assert.deepEqual([d?.direction, d?.number, d?.step.kind, d?.step.host], ['request', trace.steps.length, 'drop', 'vpc-router']);
    assert.match(d?.step.explanation ?? '', /ARP who-has/);
  });

  it('000: the echo reply without a route back at the external gateway', () => {
    const d = decisiveStep(of('000'));
    assert.deepEqual([d?.direction, d?.number, d?.step.kind, d?.step.host, d?.outcome], ['reply', 1, 'routing', 'external-gw', 'DROPPED']);
    assert.match(d?.step.explanation ?? '', /no route to 13\.13\.0\.4/);
  });

  it('001: a packet that exits: the last rule with a terminal verdict (the SNAT to the node address)', () => {
    const d = decisiveStep(of('001'));
    assert.deepEqual([d?.direction, d?.step.kind, d?.step.verdict, d?.outcome], ['request', 'netfilter', 'SNAT', 'EXITED']);
    assert.equal(d?.rule, '-A OVN-POSTROUTING -s 10.16.0.0/16 -m set ! --match-set ovn40subnets dst -j SNAT --to-source 192.168.0.101');
  });

  it('002: an OVN drop ends at the stage that dropped (no MAC for the load balancer backend)', () => {
    const d = decisiveStep(of('002'));
    assert.deepEqual(
      [d?.direction, d?.number, d?.step.stage, d?.step.host, d?.rule],
      ['request', 6, 'lr_in_arp_request', 'vpc-75989', null],
    );
  });

  it('003: the reply rejected at pod-a (the answer matches no socket)', () => {
    const d = decisiveStep(of('003'));
    assert.deepEqual([d?.direction, d?.step.kind, d?.step.host, d?.outcome], ['reply', 'deliver', 'pod-a', 'REJECTED']);
  });

  it('a netfilter DROP rule is the decisive step, quoted', () => {
    const trace: Trace = {
      packet: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp', sport: 1000, dport: 22 },
      disposition: 'DROPPED',
      dropReason: 'RULE',
      steps: [
        {
          host: 'h',
          kind: 'netfilter',
          hook: 'INPUT',
          priority: 0,
          table: 'filter',
          chain: 'INPUT',
          rule: '-A INPUT -p tcp --dport 22 -j DROP',
          verdict: 'DROP',
          explanation: 'drop',
        },
        { host: 'h', kind: 'drop', explanation: 'dropped' },
      ],
      conntrack: null,
      diagnosis: [],
      end: null,
    };
    const d = decisiveStep(trace);
    assert.deepEqual([d?.number, d?.rule], [1, '-A INPUT -p tcp --dport 22 -j DROP']);
    assert.equal(decisiveStep({ ...trace, steps: [] }), null);
  });
});
