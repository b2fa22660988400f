import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { editFile, exampleFiles, parseExample } from '../pipeline/testing/load-example';
import { simulate } from '../simulate';
import { describeKubeMark, describeKubeProxyComment, describeKubeSet, kubeAnnotations } from '../netfilter/kube-annotations';

describe('kube annotations', () => {
  it('names kube-ovn default-VPC sets, natOutgoingPolicyRules sets and kube-proxy IPVS sets', () => {
    assert.equal(describeKubeSet('ovn40subnets-nat'), 'kube-ovn: the subnets with natOutgoing: true');
    assert.equal(
      describeKubeSet('ovn40natpr-418e79269dc5-dst'),
      'kube-ovn: the destination addresses of natOutgoingPolicyRules rule 418e79269dc5',
    );
    assert.equal(describeKubeSet('ovn40other-node'), "kube-ovn: the other nodes' internal IPs");
    assert.equal(describeKubeSet('KUBE-CLUSTER-IP'), 'kube-proxy (IPVS mode): every Service cluster IP:port');
    assert.equal(describeKubeSet('my-own-set'), null);
  });

  it('reads marks with or without leading zeros, and kube-proxy comments', () => {
    assert.match(describeKubeMark('0x00090001') ?? '', /action masquerade/);
    assert.match(describeKubeMark('0x90002') ?? '', /action forward: no SNAT/);
    assert.equal(describeKubeMark('0x1'), null);
    assert.equal(describeKubeProxyComment('default/web:http cluster IP'), 'kube-proxy: Service default/web port http (cluster IP)');
    assert.equal(describeKubeProxyComment('kube-system/kube-dns:dns-tcp'), 'kube-proxy: Service kube-system/kube-dns port dns-tcp');
    assert.equal(describeKubeProxyComment('kubernetes service portals'), null);
  });

  it('annotates one rule: the jump target, the sets and the mark', () => {
    assert.deepEqual(
      kubeAnnotations(
        '-A OVN-PREROUTING -i ovn0 -m set --match-set ovn40subnets src -m set --match-set ovn40services dst -j MARK --set-xmark 0x4000/0x4000',
      ),
      [
        "ovn40subnets = kube-ovn: the CIDRs of the default VPC's overlay subnets (and the join subnet)",
        'ovn40services = kube-ovn: the Service CIDR (--service-cluster-ip-range)',
        'mark 0x4000 = the masquerade mark: SNAT the packet when it leaves (kube-proxy KUBE-MARK-MASQ, kube-ovn OVN-PREROUTING)',
      ],
    );
    assert.deepEqual(kubeAnnotations('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'), []);
  });
});

describe('diagnosis after the walk', () => {
  const call = { from: 'pod-a', packet: { src: '10.244.0.2', dst: '10.96.0.11', proto: 'tcp' as const, sport: 40000, dport: 80 } };

  it('RULE_DROPS names the rule, its chain path and the kube-proxy Service of its comment (a Service without endpoints); the ICMP error comes back, not established', () => {
    const reject =
      '-A KUBE-SERVICES -d 10.96.0.11/32 -p tcp -m comment --comment "default/empty:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable';
    const files = editFile(exampleFiles('003-br-netfilter-fixed'), 'hosts/node-1/iptables-save.txt', (text) =>
      text.replace(
        /(\n:KUBE-SERVICES - \[0:0\]\n)([\s\S]*?)(\nCOMMIT)/,
        (_m, head: string, body: string, tail: string) => `${head}${body}\n${reject}${tail}`,
      ),
    );
    const t = simulate(parseExample(files), call, { roundTrip: true });
    assert.equal(t.disposition, 'REJECTED');
    const d = t.diagnosis.find((x) => x.code === 'RULE_DROPS');
    assert.equal(d?.host, 'node-1');
    assert.match(
      d?.message ?? '',
      /rule `-A KUBE-SERVICES .*-j REJECT --reject-with icmp-port-unreachable` in table filter, chain KUBE-SERVICES \(hook FORWARD, reached through FORWARD -> KUBE-SERVICES\) rejects the packet/,
    );
    assert.match(d?.message ?? '', /kube-proxy: Service default\/empty port http \(has no endpoints\)/);
    assert.match(d?.fix ?? '', /^change the Kubernetes object the rule comes from/);
    // a REJECT in FORWARD: icmp_send's source is the output route's choice towards the pod (cni0's address)
    assert.deepEqual(t.reply?.packet, {
      src: '10.244.0.1',
      dst: '10.244.0.2',
      proto: 'icmp',
      icmpType: 3,
      icmpCode: 3,
      inner: { proto: 'tcp', src: '10.244.0.2', dst: '10.96.0.11', sport: 40000, dport: 80 },
    });
    assert.equal(t.reply?.conntrack?.state, 'RELATED');
    assert.equal(t.reply?.disposition, 'DELIVERED');
    assert.equal(t.reply?.end?.host, 'pod-a');
    assert.equal(t.roundTrip?.established, false);
    assert.match(
      t.roundTrip?.summary ?? '',
      /^not established: the request ended REJECTED at node-1; its ICMP type 3 code 3 from 10.244.0.1 ended DELIVERED at pod-a/,
    );
  });

  it('IP_FORWARD_DISABLED on a host that must forward', () => {
    const files = editFile(exampleFiles('000-vpc-nat-gw-eip'), 'hosts/vpc-nat-gw-eip-p7cs4r5y-0/sysctl.txt', (text) =>
      text.replace('net.ipv4.ip_forward = 1', 'net.ipv4.ip_forward = 0'),
    );
    const t = simulate(parseExample(files), {
      from: 'vm-13-13-0-4',
      packet: { src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', icmpId: 5 },
    });
    assert.deepEqual([t.disposition, t.dropReason], ['DROPPED', 'NOT_FORWARDING']);
    const d = t.diagnosis.find((x) => x.code === 'IP_FORWARD_DISABLED');
    assert.equal(d?.fix, 'in vpc-nat-gw-eip-p7cs4r5y-0: sysctl -w net.ipv4.ip_forward=1');
    assert.deepEqual(d?.evidence, ['vpc-nat-gw-eip-p7cs4r5y-0 sysctl: net.ipv4.ip_forward = 0']);
  });
});
