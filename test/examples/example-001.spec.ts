import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Trace, TraceStep } from '@hookpath/engine';
import { codes, EXAMPLES, netfilterPath, stepsOf, traceJson, traceText } from './run-trace';

/**
 * examples/001-kube-ovn-default-vpc (seed 001): kube-ovn's default-VPC rules explained in kube-ovn terms,
 * and the pods' flows through OVN into the node (OVN values from capture.sh's ovn-trace, the node's
 * from the kernel's answer to the frame ovn-trace outputs).
 */
const SNAPSHOT = join(EXAMPLES, '001-kube-ovn-default-vpc');
const NODE = 'kube-ovn-worker';
const ROUTER_JOIN_MAC = '00:00:00:47:24:2f';
const OVN0_MAC = '00:00:00:93:93:4a';
const ovnSteps = (t: Trace | undefined): TraceStep[] => (t?.steps ?? []).filter((s) => s.kind === 'ovn');
const ovnHops = (t: Trace | undefined): string[] => [...new Set(ovnSteps(t).map((s) => s.datapath ?? s.host))];
const policyStep = (t: Trace | undefined): TraceStep | undefined => ovnSteps(t).find((s) => s.stage === 'lr_in_policy');
/** The last OVN step: where OVN outputs the frame, with its MACs and TTL. */
const ovnOutput = (t: Trace | undefined): [string | null | undefined, string | undefined, string | undefined, number | undefined] => {
  const last = ovnSteps(t).at(-1);
  return [last?.iface, last?.packetAfter?.ethSrc, last?.packetAfter?.ethDst, last?.packetAfter?.ttl];
};

describe('example 001: kube-ovn default-VPC ipsets and rules', () => {
  it('a pod of ovn-default to the Internet: SNAT in OVN-POSTROUTING, with the sets named in kube-ovn terms', () => {
    const args = ['--from', `${NODE}:ovn0`, '--src', '10.16.0.5', '--dst', '1.1.1.1', '-p', 'tcp', '--sport', '40000', '--dport', '443'];
    const t = traceJson(SNAPSHOT, args);
    const filter = stepsOf(t, NODE, 'netfilter').find((s) => s.table === 'filter' && s.verdict === 'ACCEPT');
    assert.match(filter?.rule ?? '', /--match-set ovn40subnets src -j ACCEPT/);
    assert.match(filter?.explanation ?? '', /ovn40subnets = kube-ovn: the CIDRs of the default VPC's overlay subnets/);
    const snat = stepsOf(t, NODE, 'netfilter').find((s) => s.verdict === 'SNAT');
    assert.equal(snat?.chain, 'OVN-POSTROUTING');
    assert.match(snat?.rule ?? '', /-s 10\.16\.0\.0\/16 -m set ! --match-set ovn40subnets dst -j SNAT --to-source 192\.168\.0\.101/);
    assert.deepEqual([t.disposition, t.end?.iface, t.end?.packet.src], ['EXITED', 'eth0', '192.168.0.101']);
    assert.deepEqual(codes(t), []);
    assert.match(traceText(SNAPSHOT, args), /ovn40subnets = kube-ovn: the CIDRs of the default VPC's overlay subnets/);
  });

  it('a pod of net1 to a forward NAT policy destination: mark 0x90002 explained, no SNAT', () => {
    const t = traceJson(SNAPSHOT, ['--from', `${NODE}:ovn0`, '--src', '10.0.11.2', '--dst', '8.8.8.8', '-p', 'udp', '--dport', '53']);
    const mark = stepsOf(t, NODE, 'netfilter').find((s) => s.verdict === 'MARK');
    assert.equal(mark?.chain, 'OVN-NAT-PSUBNET-aa98851157c5');
    assert.match(mark?.explanation ?? '', /ovn40natpr-418e79269dc5-src = kube-ovn: the source addresses of natOutgoingPolicyRules rule 418e79269dc5/);
    assert.match(mark?.explanation ?? '', /mark 0x90002 = kube-ovn natOutgoingPolicyRules action forward: no SNAT/);
    const ret = stepsOf(t, NODE, 'netfilter').find((s) => s.verdict === 'RETURN' && s.chain === 'OVN-POSTROUTING');
    assert.match(ret?.rule ?? '', /--mark 0x90002\/0x90002 -j RETURN/);
    assert.deepEqual([t.disposition, t.end?.packet.src], ['EXITED', '10.0.11.2']);
  });

  it('a pod to a Service IP: mark 0x4000 (masquerade) in OVN-PREROUTING, MASQUERADE when it leaves', () => {
    const t = traceJson(SNAPSHOT, ['--from', `${NODE}:ovn0`, '--src', '10.16.0.5', '--dst', '10.96.0.10', '-p', 'udp', '--dport', '53']);
    const mark = stepsOf(t, NODE, 'netfilter').find((s) => s.verdict === 'MARK' && s.chain === 'OVN-PREROUTING');
    assert.match(mark?.explanation ?? '', /ovn40services = kube-ovn: the Service CIDR/);
    assert.match(mark?.explanation ?? '', /mark 0x4000 = the masquerade mark/);
    assert.ok(stepsOf(t, NODE, 'netfilter').some((s) => s.verdict === 'MASQUERADE'));
    assert.deepEqual([t.disposition, t.end?.packet.src], ['EXITED', '192.168.0.101']);
  });

  it('a NodePort of an externalTrafficPolicy: Local Service: mark 0x80000, delivered locally', () => {
    const t = traceJson(SNAPSHOT, ['--from', `${NODE}:eth0`, '--src', '192.168.0.50', '--dst', '192.168.0.101', '-p', 'tcp', '--sport', '40002', '--dport', '32080']);
    const mark = stepsOf(t, NODE, 'netfilter').find((s) => s.verdict === 'MARK');
    assert.equal(mark?.chain, 'OVN-PREROUTING');
    assert.match(mark?.explanation ?? '', /KUBE-NODE-PORT-LOCAL-TCP = kube-proxy \(IPVS mode\): TCP NodePorts of Services with externalTrafficPolicy: Local/);
    assert.match(mark?.explanation ?? '', /mark 0x80000 = kube-ovn: a NodePort of a Service with externalTrafficPolicy: Local/);
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.mark], ['DELIVERED', NODE, '0x80000']);
  });

  describe('end to end: a pod\'s OVN port -> ovn-cluster -> join -> the node\'s ovn0 -> netfilter', () => {
    it('web-0 (ovn-default, centralized gateway) to 1.1.1.1: policy 29000 on the subnet CIDR, then SNAT to 192.168.0.101', () => {
      const t = traceJson(SNAPSHOT, ['--from', 'ovn:web-0.default', '--src', '10.16.0.5', '--dst', '1.1.1.1', '-p', 'tcp', '--sport', '40000', '--dport', '443']);
      assert.deepEqual(ovnHops(t), ['ovn-default', 'ovn-cluster', 'join']);
      // ovn-trace: lr_in_ip_routing default route, then lr_in_policy `ip4.src == 10.16.0.0/16, priority 29000` reg0 = 100.64.0.3
      assert.equal(policyStep(t)?.datapath, 'ovn-cluster');
      assert.match(policyStep(t)?.object?.text ?? '', /priority 29000 match "ip4\.src == 10\.16\.0\.0\/16" reroute 100\.64\.0\.3/);
      assert.ok(ovnSteps(t).some((s) => s.stage === 'lr_in_arp_resolve' && s.packetAfter?.ethDst === OVN0_MAC));
      // ovn-trace: ip.ttl--; eth.src = 00:00:00:47:24:2f; eth.dst = 00:00:00:93:93:4a; output("node-kube-ovn-worker")
      assert.deepEqual(ovnOutput(t), ['node-kube-ovn-worker', ROUTER_JOIN_MAC, OVN0_MAC, 63]);
      // the kernel, given that frame on ovn0: these rules counted it; eth0 sends 192.168.0.101 > 1.1.1.1 ttl 62
      assert.deepEqual(stepsOf(t, NODE, 'interface')[0]?.iface, 'ovn0');
      assert.deepEqual(netfilterPath(t, NODE).filter((s) => !s.endsWith('POLICY_ACCEPT')), [
        'mangle/PREROUTING JUMP',
        'nat/PREROUTING JUMP',
        'filter/FORWARD ACCEPT',
        'nat/POSTROUTING JUMP',
        'nat/OVN-POSTROUTING SNAT',
      ]);
      const snat = stepsOf(t, NODE, 'netfilter').find((s) => s.verdict === 'SNAT');
      assert.match(snat?.rule ?? '', /-s 10\.16\.0\.0\/16 -m set ! --match-set ovn40subnets dst -j SNAT --to-source 192\.168\.0\.101/);
      assert.deepEqual([t.disposition, t.end?.host, t.end?.iface, t.end?.packet.src, t.end?.packet.ttl], ['EXITED', NODE, 'eth0', '192.168.0.101', 62]);
      assert.deepEqual(codes(t), []);
    });

    it('app-0 (net1, distributed gateway) to 8.8.8.8: policy 29000 on the node\'s port group, then mark 0x90002 and no SNAT', () => {
      const t = traceJson(SNAPSHOT, ['--from', 'ovn:app-0.default', '--src', '10.0.11.2', '--dst', '8.8.8.8', '-p', 'udp', '--dport', '53']);
      assert.deepEqual(ovnHops(t), ['net1', 'ovn-cluster', 'join']);
      // ovn-trace: lr_in_policy `ip4.src == $net1.kube.ovn.worker_ip4, priority 29000`
      assert.match(policyStep(t)?.object?.text ?? '', /priority 29000 match "ip4\.src == \$net1\.kube\.ovn\.worker_ip4" reroute 100\.64\.0\.3/);
      assert.deepEqual(ovnOutput(t), ['node-kube-ovn-worker', ROUTER_JOIN_MAC, OVN0_MAC, 63]);
      // the kernel: OVN-NAT-POLICY -> OVN-NAT-PSUBNET-aa98851157c5 MARK, then the 0x90002 RETURN; eth0 sends 10.0.11.2 > 8.8.8.8 ttl 62
      assert.deepEqual(netfilterPath(t, NODE).filter((s) => s.startsWith('nat/OVN-')), [
        'nat/OVN-POSTROUTING JUMP',
        'nat/OVN-NAT-POLICY JUMP',
        'nat/OVN-NAT-PSUBNET-aa98851157c5 MARK',
        'nat/OVN-POSTROUTING RETURN',
      ]);
      const mark = stepsOf(t, NODE, 'netfilter').find((s) => s.verdict === 'MARK');
      assert.match(mark?.explanation ?? '', /mark 0x90002 = kube-ovn natOutgoingPolicyRules action forward: no SNAT/);
      assert.deepEqual([t.disposition, t.end?.iface, t.end?.packet.src, t.end?.packet.mark, t.end?.packet.ttl], ['EXITED', 'eth0', '10.0.11.2', '0x90002', 62]);
    });

    it('a source app-0\'s port does not own (10.0.11.5): no policy, the default route\'s next hop is the router\'s own 100.64.0.1, dropped in ovn-cluster', () => {
      const t = traceJson(SNAPSHOT, ['--from', 'ovn:app-0.default', '--src', '10.0.11.5', '--dst', '8.8.8.8', '-p', 'udp', '--dport', '53']);
      // ovn-trace: lr_in_policy priority 0; lr_in_arp_resolve get_arp "No MAC binding"; lr_in_arp_request arp for 100.64.0.1
      // no policy row decides: the policy stage only says so (ovn-trace's priority-0 flow)
      assert.equal(policyStep(t)?.object, undefined);
      assert.match(policyStep(t)?.explanation ?? '', /none of its 6 policies matches/);
      assert.equal(ovnSteps(t).at(-1)?.stage, 'lr_in_arp_request');
      assert.deepEqual([t.disposition, t.dropReason, t.end?.host], ['DROPPED', 'NO_NEIGHBOR', 'ovn-cluster']);
      assert.deepEqual(stepsOf(t, NODE, 'netfilter'), []);
    });

    it('web-0 to the Service IP 10.96.0.10: rerouted like any destination (no load balancer), mark 0x4000 on ovn0, MASQUERADE', () => {
      const t = traceJson(SNAPSHOT, ['--from', 'ovn:web-0.default', '--src', '10.16.0.5', '--dst', '10.96.0.10', '-p', 'udp', '--dport', '53']);
      assert.deepEqual(ovnHops(t), ['ovn-default', 'ovn-cluster', 'join']);
      assert.match(policyStep(t)?.object?.text ?? '', /priority 29000 match "ip4\.src == 10\.16\.0\.0\/16"/);
      assert.deepEqual(ovnOutput(t), ['node-kube-ovn-worker', ROUTER_JOIN_MAC, OVN0_MAC, 63]);
      // the kernel: OVN-PREROUTING MARK 0x4000, FORWARD ovn40services dst, MASQUERADE; eth0 sends 192.168.0.101 > 10.96.0.10 ttl 62
      assert.deepEqual(netfilterPath(t, NODE).filter((s) => !s.endsWith('POLICY_ACCEPT') && !s.endsWith('JUMP')), ['nat/OVN-PREROUTING MARK', 'filter/FORWARD ACCEPT', 'nat/OVN-POSTROUTING MASQUERADE']);
      const forward = stepsOf(t, NODE, 'netfilter').find((s) => s.table === 'filter');
      assert.match(forward?.rule ?? '', /--match-set ovn40services dst -j ACCEPT/);
      assert.deepEqual([t.disposition, t.end?.iface, t.end?.packet.src, t.end?.packet.mark, t.end?.packet.ttl], ['EXITED', 'eth0', '192.168.0.101', '0x4000', 62]);
    });

    it('the node to web-0: out of ovn0 (MASQUERADE keeps 100.64.0.3) into join, policy 31000 allow, output to the pod\'s port', () => {
      const t = traceJson(SNAPSHOT, ['--from', NODE, '--src', '100.64.0.3', '--dst', '10.16.0.5', '-p', 'icmp', '--icmp-id', '9']);
      // the kernel's ping: ovn0 sends 00:00:00:93:93:4a > 00:00:00:47:24:2f, 100.64.0.3 > 10.16.0.5 ttl 64
      const masq = stepsOf(t, NODE, 'netfilter').find((s) => s.verdict === 'MASQUERADE');
      assert.match(masq?.rule ?? '', /--match-set ovn40subnets src -m set --match-set ovn40subnets dst -j MASQUERADE/);
      assert.deepEqual(ovnHops(t), ['join', 'ovn-cluster', 'ovn-default']);
      // ovn-trace: lr_in_ip_routing ip4.dst == 10.16.0.0/16; lr_in_policy ip4.dst == 10.16.0.0/16, priority 31000; eth.dst = 00:00:00:16:00:05
      assert.match(policyStep(t)?.object?.text ?? '', /priority 31000 match "ip4\.dst == 10\.16\.0\.0\/16" allow/);
      assert.deepEqual(ovnOutput(t), ['web-0.default', '00:00:00:3f:6d:45', '00:00:00:16:00:05', 63]);
      assert.deepEqual([t.disposition, t.end?.iface, t.end?.packet.src, t.end?.packet.dst], ['EXITED', 'web-0.default', '100.64.0.3', '10.16.0.5']);
    });

    it('the pods\' flows from kube-ovn-worker:ovn0 stay node-only and end as before', () => {
      for (const [src, dst, proto, endSrc] of [['10.16.0.5', '1.1.1.1', 'tcp', '192.168.0.101'], ['10.0.11.2', '8.8.8.8', 'udp', '10.0.11.2'], ['10.16.0.5', '10.96.0.10', 'udp', '192.168.0.101']]) {
        const t = traceJson(SNAPSHOT, ['--from', `${NODE}:ovn0`, '--src', src, '--dst', dst, '-p', proto, '--dport', proto === 'tcp' ? '443' : '53']);
        assert.deepEqual(ovnSteps(t), []);
        assert.deepEqual([t.disposition, t.end?.iface, t.end?.packet.src], ['EXITED', 'eth0', endSrc]);
      }
    });
  });
});
