import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { simulate } from '../simulate';
import type { Trace } from '../trace/trace';
import { loadExample } from './testing/load-example';

/**
 * examples/003-br-netfilter: the DNATed request is routed through cni0 (IP sees bridge ports'
 * frames for the host on the bridge device); the reply from pod-b to pod-a is switched by the
 * bridge. With bridge-nf-call-iptables = 0 iptables never sees it, so it is not un-DNATed.
 */
const request = (example: string): Trace =>
  simulate(
    loadExample(example),
    { from: 'pod-a', packet: { src: '10.244.0.2', dst: '10.96.0.10', proto: 'tcp', sport: 40000, dport: 80 } },
    { roundTrip: true },
  );

describe('example 003: a same-node Service reply and the bridge', () => {
  it('the request enters IP on cni0, is DNATed to pod-b and routed out through its bridge port', () => {
    const t = request('003-br-netfilter');
    assert.match(
      t.steps.find((s) => s.host === 'node-1' && s.kind === 'interface')?.explanation ?? '',
      /a port of bridge cni0: IP receives it on cni0/,
    );
    assert.ok(t.steps.some((s) => s.host === 'node-1' && s.verdict === 'DNAT'));
    assert.match(
      t.steps.filter((s) => s.host === 'node-1' && s.kind === 'interface')[1]?.explanation ?? '',
      /leaves node-1 by cni0 through port veth9b7d4e10/,
    );
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.dst, t.end?.packet.dport], ['DELIVERED', 'pod-b', '10.244.0.3', 8080]);
  });

  it("bridge-nf-call-iptables = 0: the reply is bridged past conntrack and reaches pod-a from the backend's own address", () => {
    const reply = request('003-br-netfilter').reply;
    const bridged = reply?.steps.find((s) => s.kind === 'bridge');
    assert.match(bridged?.explanation ?? '', /bridged by cni0 from port veth9b7d4e10 to port veth3a1f0c2e .*bridge-nf-call-iptables = 0/);
    assert.ok(!(reply?.steps ?? []).some((s) => s.host === 'node-1' && (s.kind === 'conntrack' || s.kind === 'netfilter')));
    assert.deepEqual(
      [reply?.disposition, reply?.end?.host, reply?.end?.packet.src, reply?.end?.packet.sport],
      ['REJECTED', 'pod-a', '10.244.0.3', 8080],
    );
    const d = reply?.diagnosis.find((x) => x.code === 'REPLY_FROM_UNEXPECTED_SOURCE');
    assert.match(d?.message ?? '', /pod-a sent to 10\.96\.0\.10:80, but the answer arrives from 10\.244\.0\.3:8080/);
    assert.match(d?.fix ?? '', /bridge-nf-call-iptables = 1/);
  });

  it('bridge-nf-call-iptables = 1: the DNATed request is bridged (TTL unchanged) and the bridged reply is un-DNATed', () => {
    const t = request('003-br-netfilter-fixed');
    assert.match(
      t.steps.find((s) => s.host === 'node-1' && s.kind === 'bridge')?.explanation ?? '',
      /bridged DNAT to 10\.244\.0\.3: bridged by cni0 from port veth3a1f0c2e to port veth9b7d4e10 .*FDB entry 0a:58:0a:f4:00:03/,
    );
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.dst, t.end?.packet.ttl], ['DELIVERED', 'pod-b', '10.244.0.3', 64]);
    const reply = t.reply;
    assert.ok(
      reply?.steps.some((s) => s.host === 'node-1' && s.table === 'filter' && s.chain === 'KUBE-FORWARD' && s.verdict === 'ACCEPT'),
    );
    assert.deepEqual(
      [reply?.disposition, reply?.end?.host, reply?.end?.packet.src, reply?.end?.packet.sport],
      ['DELIVERED', 'pod-a', '10.96.0.10', 80],
    );
    assert.equal(
      reply?.diagnosis.find((x) => x.code === 'REPLY_FROM_UNEXPECTED_SOURCE'),
      undefined,
    );
  });
});
