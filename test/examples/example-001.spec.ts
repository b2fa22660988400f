import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codes, EXAMPLES, stepsOf, traceJson, traceText } from './run-trace';

/** examples/001-kube-ovn-default-vpc (seed 001): kube-ovn's default-VPC rules explained in kube-ovn terms. */
const SNAPSHOT = join(EXAMPLES, '001-kube-ovn-default-vpc');
const NODE = 'kube-ovn-worker';

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
});
