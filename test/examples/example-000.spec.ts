import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Trace, TraceStep } from '@hookpath/engine';
import { codes, EXAMPLES, netfilterPath, stepsOf, traceJson, traceText } from './run-trace';

/** examples/000-vpc-nat-gw-eip (seed 000): the flows its README names. */
const SNAPSHOT = join(EXAMPLES, '000-vpc-nat-gw-eip');
const GW = 'vpc-nat-gw-eip-p7cs4r5y-0';
const ping = (id: number): string[] => ['--from', 'vm-13-13-0-4', '--src', '13.13.0.4', '--dst', '192.169.100.1', '-p', 'icmp', '--icmp-id', String(id), '--round-trip'];

describe('example 000: EIP on a kube-ovn VPC NAT gateway', () => {
  it('the running ping follows its stale conntrack entry: no nat step, leaves net1 un-NATed, the reply has no route back', () => {
    const t = traceJson(SNAPSHOT, ping(27281));
    assert.deepEqual(netfilterPath(t, GW), [], 'the nat table is skipped for a packet of an existing connection');
    assert.equal(t.conntrack?.state, 'NEW');
    assert.match(t.conntrack?.entry ?? '', /id=27281 \[UNREPLIED\]/);
    assert.equal(stepsOf(t, GW, 'interface').at(-1)?.iface, 'net1');
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.src], ['DELIVERED', 'external-gw', '13.13.0.4']);
    assert.deepEqual([t.reply?.disposition, t.reply?.dropReason, t.reply?.end?.host], ['DROPPED', 'NO_ROUTE', 'external-gw']);
    const stale = t.diagnosis.find((d) => d.code === 'STALE_CONNTRACK_BYPASSES_NAT');
    assert.equal(stale?.fix, `in ${GW}: conntrack -D -p icmp -s 13.13.0.4 -d 192.169.100.1 --icmp-type 8 --icmp-code 0 --icmp-id 27281`);
    assert.equal(stale?.host, GW);
    assert.deepEqual(codes(t.reply), ['NO_ROUTE_BACK']);
    assert.match(t.reply?.diagnosis[0]?.fix ?? '', /^in external-gw: ip route add 13\.13\.0\.4\/32 via 192\.169\.100\.3 dev eth0/);
    assert.equal(t.roundTrip?.established, false);
    assert.deepEqual(t.roundTrip?.findings.map((f) => f.code), ['STALE_CONNTRACK_BYPASSES_NAT', 'NO_ROUTE_BACK']);
    const text = traceText(SNAPSHOT, ping(27281));
    assert.match(text, /^diagnosis STALE_CONNTRACK_BYPASSES_NAT: /m);
    assert.match(text, /^ {2}fix: in vpc-nat-gw-eip-p7cs4r5y-0: conntrack -D -p icmp -s 13\.13\.0\.4 /m);
    assert.match(text, /^round trip not established: the reply ended DROPPED \(NO_ROUTE\) at external-gw/m);
  });

  it('a new ping is SNATed to the EIP and its reply is de-NATed back to the VM: established', () => {
    const t = traceJson(SNAPSHOT, ping(1));
    assert.deepEqual(netfilterPath(t, GW), [
      'nat/PREROUTING JUMP',
      'nat/DNAT_FILTER JUMP',
      'nat/DNAT_FILTER JUMP',
      'nat/PREROUTING POLICY_ACCEPT',
      'nat/POSTROUTING JUMP',
      'nat/SNAT_FILTER JUMP',
      'nat/EXCLUSIVE_SNAT SNAT',
    ]);
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.src], ['DELIVERED', 'external-gw', '192.169.100.2']);
    assert.deepEqual([t.reply?.disposition, t.reply?.end?.host, t.reply?.end?.packet.dst], ['DELIVERED', 'vm-13-13-0-4', '13.13.0.4']);
    assert.equal(stepsOf(t.reply, GW, 'interface')[0]?.iface, 'net1');
    assert.deepEqual(codes(t), []);
    assert.deepEqual(t.roundTrip, { established: true, summary: 'established: the reply 192.169.100.1 -> 13.13.0.4 is back at vm-13-13-0-4', findings: [] });
  });

  it('crosses OVN as ovn-trace shows for the same microflows (capture.sh): VM -> subnet-skwgfk6s -> vpc-iwm2hkn4 -> the gateway\'s eth0 port, and the reply switched straight back', () => {
    const t = traceJson(SNAPSHOT, ping(1));
    const hops = (tr: Trace | undefined): string[] => [...new Set((tr?.steps ?? []).filter((s) => s.kind === 'ovn').map((s) => s.host))];
    const ovnOut = (tr: Trace | undefined): TraceStep | undefined => (tr?.steps ?? []).filter((s) => s.kind === 'ovn').at(-1);
    // ovn-trace subnet-skwgfk6s 'inport == "vm-13-13-0-4.default" && eth.dst == <router port MAC> && ip4.dst == 192.169.100.1 ...':
    // ip.ttl--; eth.src = 00:00:00:b6:3d:0e; eth.dst = aa:cc:17:e5:61:ca; output("vpc-nat-gw-eip-p7cs4r5y-0.kube-system")
    assert.deepEqual(hops(t), ['subnet-skwgfk6s', 'vpc-iwm2hkn4']);
    const routed = t.steps.find((s) => s.kind === 'ovn' && s.stage === 'lr_in_ip_routing');
    assert.equal(routed?.object?.text, '0.0.0.0/0 via 13.13.0.253');
    const out = ovnOut(t);
    assert.deepEqual([out?.iface, out?.packetAfter?.ethSrc, out?.packetAfter?.ethDst, out?.packetAfter?.ttl], ['vpc-nat-gw-eip-p7cs4r5y-0.kube-system', '00:00:00:b6:3d:0e', 'aa:cc:17:e5:61:ca', 63]);
    assert.equal(stepsOf(t, GW, 'interface')[0]?.iface, 'eth0');
    // the gateway's reply to 13.13.0.4 is on-link on its eth0: ovn-trace from its port with eth.dst = the VM's MAC
    // gives output("vm-13-13-0-4.default") on the switch alone
    assert.deepEqual(hops(t.reply), ['subnet-skwgfk6s']);
    const back = ovnOut(t.reply);
    assert.deepEqual([back?.iface, back?.packetAfter?.ethDst, back?.packetAfter?.dst], ['vm-13-13-0-4.default', '00:00:00:e2:57:1c', '13.13.0.4']);
  });

  it('inbound to the EIP is DNATed to the VM', () => {
    const t = traceJson(SNAPSHOT, ['--from', 'external-gw', '--src', '192.169.100.1', '--dst', '192.169.100.2', '-p', 'icmp', '--icmp-id', '2']);
    const dnat = stepsOf(t, GW, 'netfilter').find((s) => s.verdict === 'DNAT');
    assert.equal(dnat?.rule, '-A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4');
    assert.equal(stepsOf(t, GW, 'interface')[0]?.iface, 'net1');
    assert.equal(stepsOf(t, GW, 'interface').at(-1)?.iface, 'eth0');
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.dst], ['DELIVERED', 'vm-13-13-0-4', '13.13.0.4']);
    assert.equal(t.roundTrip, undefined);
  });
});
