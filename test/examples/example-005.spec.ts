import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Trace, TraceStep } from '@hookpath/engine';
import { EXAMPLES, netfilterPath, traceJson } from './run-trace';

/** examples/005-kube-ovn-node-egress: the flows its README names (OVN values from capture.sh's ovn-trace). */
const SNAPSHOT = join(EXAMPLES, '005-kube-ovn-node-egress');
const NODE = 'kube-ovn-worker';
const ovnHops = (t: Trace | undefined): string[] => [...new Set((t?.steps ?? []).filter((s) => s.kind === 'ovn').map((s) => s.host))];
const lastOvn = (t: Trace | undefined): TraceStep | undefined => (t?.steps ?? []).filter((s) => s.kind === 'ovn').at(-1);

describe('example 005: kube-ovn default-VPC node egress', () => {
  it('pod -> ovn-cluster (policy 29000) -> join -> the node\'s ovn0 -> MASQUERADE -> outside, and back', () => {
    const t = traceJson(SNAPSHOT, ['--from', 'nginx-0', '--src', '10.16.0.10', '--dst', '203.0.113.10', '-p', 'icmp', '--icmp-id', '7', '--round-trip']);
    assert.deepEqual(ovnHops(t), ['ovn-default', 'ovn-cluster', 'join']);
    const policy = t.steps.find((s) => s.kind === 'ovn' && s.stage === 'lr_in_policy');
    assert.match(policy?.object?.text ?? '', /priority 29000 .*\$ovn\.default\.kube\.ovn\.worker_ip4.*reroute 100\.64\.0\.3/);
    // ovn-trace: ip.ttl--; eth.src = 00:00:00:47:24:2f; eth.dst = 00:00:00:93:93:4a; output("node-kube-ovn-worker")
    const out = lastOvn(t);
    assert.deepEqual([out?.iface, out?.packetAfter?.ethSrc, out?.packetAfter?.ethDst, out?.packetAfter?.ttl], ['node-kube-ovn-worker', '00:00:00:47:24:2f', '00:00:00:93:93:4a', 63]);
    assert.deepEqual(netfilterPath(t, NODE).filter((s) => s.startsWith('nat/OVN-')), ['nat/OVN-POSTROUTING JUMP', 'nat/OVN-MASQUERADE MARK', 'nat/OVN-MASQUERADE MASQUERADE']);
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.src], ['DELIVERED', 'outside', '192.168.0.101']);
    // ovn-trace from node-kube-ovn-worker: eth.src = 00:00:00:3f:6d:45; eth.dst = 00:00:00:16:00:10; output("nginx-0.default")
    assert.deepEqual(ovnHops(t.reply), ['join', 'ovn-cluster', 'ovn-default']);
    const back = lastOvn(t.reply);
    assert.deepEqual([back?.iface, back?.packetAfter?.ethSrc, back?.packetAfter?.ethDst, back?.packetAfter?.dst], ['nginx-0.default', '00:00:00:3f:6d:45', '00:00:00:16:00:10', '10.16.0.10']);
    assert.deepEqual([t.reply?.disposition, t.reply?.end?.host], ['DELIVERED', 'nginx-0']);
    assert.equal(t.roundTrip?.established, true);
  });
});
