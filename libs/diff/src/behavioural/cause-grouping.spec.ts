import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileSnapshot } from '@hookpath/engine';
import { loadExample } from '../testing/models';
import { behaviouralDiff } from './behavioural-diff';
import type { DiffFlow } from './flow';

const pod = (sport: number): DiffFlow => ({
  from: 'pod-a',
  packet: { src: '10.244.0.2', dst: '10.96.0.10', proto: 'tcp', sport, dport: 80 },
  roundTrip: true,
});

describe('behavioural diff: causes other than rules', () => {
  it('example 003: two Service connections fixed by bridge-nf-call-iptables = 1 share one sysctl cause', () => {
    const d = behaviouralDiff(compileSnapshot(loadExample('003-br-netfilter')), compileSnapshot(loadExample('003-br-netfilter-fixed')), [
      pod(40000),
      pod(40001),
    ]);
    assert.deepEqual(d.totals, { flows: 2, unchanged: 0, changed: 2 });
    assert.equal(d.groups.length, 1);
    assert.deepEqual(d.groups[0].cause, {
      kind: 'sysctl',
      host: 'node-1',
      description: 'sysctl net.bridge.bridge-nf-call-iptables changed',
      base: '0',
      target: '1',
    });
    assert.equal(d.groups[0].count, 2);
  });

  it('example 004: loose rp_filter on eth0 lets the SYN-ACK through; the cause is that key', () => {
    const base = loadExample('004-eni-ipvs-rp-filter');
    const target = structuredClone(base);
    const node = target.hosts.find((h) => h.name === 'node-10-12-97-49');
    assert.ok(node?.sysctls !== undefined && node.sysctls !== null);
    node.sysctls['net.ipv4.conf.eth0.rp_filter'] = '2';
    const flow: DiffFlow = {
      from: 'pod-10-12-192-44',
      packet: { src: '10.12.192.44', dst: '10.12.115.101', proto: 'tcp', sport: 44624, dport: 80 },
      roundTrip: true,
    };
    const d = behaviouralDiff(compileSnapshot(base), compileSnapshot(target), [flow], { simulate: { backend: '10.253.4.194:8000' } });
    assert.deepEqual(
      d.groups.map((g) => [g.cause.kind, g.cause.description, g.count]),
      [['sysctl', 'sysctl net.ipv4.conf.eth0.rp_filter changed', 1]],
    );
    const [changed] = d.groups[0].flows;
    assert.ok(!('error' in changed.base) && !('error' in changed.target));
    assert.deepEqual([changed.base.reply?.dropReason, changed.target.reply?.disposition], ['RP_FILTER', 'DELIVERED']);
  });

  it('identical snapshots: nothing changes', () => {
    const m = loadExample('003-br-netfilter');
    const d = behaviouralDiff(compileSnapshot(m), compileSnapshot(loadExample('003-br-netfilter')), [pod(40000)]);
    assert.deepEqual(d, { totals: { flows: 1, unchanged: 1, changed: 0 }, groups: [] });
  });
});
