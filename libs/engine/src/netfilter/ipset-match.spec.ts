import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Ipset } from '@hookpath/model';
import type { InputSpec } from './testing/inputs.testing';
import { outcome, probe } from './testing/probe.testing';
import { ipset } from './testing/ruleset.testing';

const packet = (src: string, dst: string, dport = 80, proto: 'tcp' | 'udp' | 'icmp' = 'tcp'): InputSpec => ({
  packet: { src, dst, proto, dport },
});
const withSets = (...sets: Ipset[]) => ({ ipsets: sets });

describe('set match', () => {
  it('hash:ip by source or destination, ! inverts', () => {
    const sets = withSets(ipset('ovn40services', 'hash:ip', ['10.96.0.1', '10.96.0.10']));
    assert.equal(outcome('-m set --match-set ovn40services dst', packet('10.16.0.5', '10.96.0.10'), sets), 'match');
    assert.equal(outcome('-m set --match-set ovn40services src', packet('10.16.0.5', '10.96.0.10'), sets), 'no');
    assert.equal(outcome('-m set ! --match-set ovn40services src', packet('10.16.0.5', '10.96.0.10'), sets), 'match');
    assert.equal(
      probe('-m set --match-set ovn40services dst', packet('10.16.0.5', '10.96.0.10'), sets).explanation,
      'matched destination 10.96.0.10 is in set ovn40services (hash:ip): accept [ovn40services = kube-ovn: the Service CIDR (--service-cluster-ip-range)]',
    );
    assert.equal(
      probe('-m set ! --match-set ovn40services src', packet('10.16.0.5', '10.96.0.10'), sets).explanation,
      'matched source 10.16.0.5 is not in set ovn40services (hash:ip): accept [ovn40services = kube-ovn: the Service CIDR (--service-cluster-ip-range)]',
    );
  });

  it('hash:net: the longest prefix decides, a nomatch member makes a miss, --return-nomatch inverts', () => {
    const sets = withSets(ipset('ovn40subnets', 'hash:net', ['10.0.0.0/8', '10.16.0.0/16 nomatch', '10.16.5.0/24']));
    assert.equal(outcome('-m set --match-set ovn40subnets src', packet('10.2.0.1', '1.1.1.1'), sets), 'match');
    assert.equal(outcome('-m set --match-set ovn40subnets src', packet('10.16.0.1', '1.1.1.1'), sets), 'no');
    assert.equal(outcome('-m set --match-set ovn40subnets src', packet('10.16.5.1', '1.1.1.1'), sets), 'match');
    assert.equal(outcome('-m set --match-set ovn40subnets src', packet('11.0.0.1', '1.1.1.1'), sets), 'no');
    assert.equal(outcome('-m set --match-set ovn40subnets src --return-nomatch', packet('10.16.0.1', '1.1.1.1'), sets), 'match');
    assert.equal(outcome('-m set --match-set ovn40subnets src --return-nomatch', packet('10.2.0.1', '1.1.1.1'), sets), 'no');
    assert.equal(
      probe('-m set --match-set ovn40subnets src', packet('10.16.5.1', '1.1.1.1'), sets).explanation,
      "matched source 10.16.5.1 is in set ovn40subnets (hash:net, member 10.16.5.0/24): accept [ovn40subnets = kube-ovn: the CIDRs of the default VPC's overlay subnets (and the join subnet)]",
    );
    assert.equal(
      probe('-m set ! --match-set ovn40subnets src', packet('10.16.0.1', '1.1.1.1'), sets).explanation,
      "matched source 10.16.0.1 is not in set ovn40subnets (hash:net): member 10.16.0.0/16 is nomatch: accept [ovn40subnets = kube-ovn: the CIDRs of the default VPC's overlay subnets (and the join subnet)]",
    );
  });

  it('hash:ip,port with dst,dst reads destination address and port (kube-proxy ipvs sets)', () => {
    const sets = withSets(ipset('KUBE-LOAD-BALANCER', 'hash:ip,port', ['10.12.115.101,tcp:80', '10.12.115.101,udp:53']));
    const lb = packet('10.16.0.5', '10.12.115.101');
    assert.equal(outcome('-m set --match-set KUBE-LOAD-BALANCER dst,dst', lb, sets), 'match');
    assert.equal(
      probe('-m set --match-set KUBE-LOAD-BALANCER dst,dst', lb, sets).explanation,
      'matched destination 10.12.115.101,tcp:80 is in set KUBE-LOAD-BALANCER (hash:ip,port): accept [KUBE-LOAD-BALANCER = kube-proxy (IPVS mode): every Service LoadBalancer IP:port]',
    );
    assert.equal(outcome('-m set --match-set KUBE-LOAD-BALANCER dst,dst', packet('10.16.0.5', '10.12.115.101', 81), sets), 'no');
    assert.equal(outcome('-m set --match-set KUBE-LOAD-BALANCER dst,dst', packet('10.16.0.5', '10.12.115.101', 80, 'udp'), sets), 'no');
    assert.equal(outcome('-m set --match-set KUBE-LOAD-BALANCER dst,dst', packet('10.16.0.5', '10.12.115.101', 53, 'udp'), sets), 'match');
    assert.equal(outcome('-m set --match-set KUBE-LOAD-BALANCER dst,src', lb, sets), 'no');
    // fewer flags than the set has dimensions never match (ip_set_test)
    assert.equal(outcome('-m set --match-set KUBE-LOAD-BALANCER dst', lb, sets), 'no');
    assert.equal(outcome('-m set ! --match-set KUBE-LOAD-BALANCER dst', lb, sets), 'match');
  });

  it('hash:ip,port keys ICMP by type << 8 | code', () => {
    const set = ipset('S', 'hash:ip,port', []);
    set.members.push({
      value: '10.0.0.2,icmp:echo-request',
      parts: [
        { kind: 'net', cidr: '10.0.0.2/32' },
        { kind: 'port', proto: 'icmp', from: 0x800, to: 0x800 },
      ],
      nomatch: false,
    });
    assert.equal(outcome('-m set --match-set S dst,dst', packet('10.0.0.1', '10.0.0.2', 0, 'icmp'), withSets(set)), 'match');
  });

  it('hash:net,port, hash:ip,port,ip and hash:ip,port,net', () => {
    const sets = withSets(
      ipset('NP', 'hash:net,port', ['10.0.0.0/24,tcp:80']),
      ipset('IPI', 'hash:ip,port,ip', ['10.0.0.2,tcp:80,10.0.0.1']),
      ipset('IPN', 'hash:ip,port,net', ['10.0.0.2,tcp:80,10.0.0.0/30 nomatch', '10.0.0.2,tcp:80,10.0.0.0/24']),
    );
    const p = packet('10.0.0.1', '10.0.0.2');
    assert.equal(outcome('-m set --match-set NP dst,dst', p, sets), 'match');
    assert.equal(outcome('-m set --match-set IPI dst,dst,src', p, sets), 'match');
    assert.equal(outcome('-m set --match-set IPI dst,dst,dst', p, sets), 'no');
    assert.equal(
      probe('-m set --match-set IPI dst,dst,src', p, sets).explanation,
      'matched destination,destination,source 10.0.0.2,tcp:80,10.0.0.1 is in set IPI (hash:ip,port,ip): accept',
    );
    assert.equal(outcome('-m set --match-set IPN dst,dst,src', p, sets), 'no');
    assert.equal(outcome('-m set --match-set IPN dst,dst,src', packet('10.0.0.9', '10.0.0.2'), sets), 'match');
  });

  it('hash:net,iface reads the in interface for src and the out interface for dst', () => {
    const sets = withSets(ipset('NI', 'hash:net,iface', ['10.0.0.0/8,eth0', '10.0.0.0/8,physdev:veth0']));
    assert.equal(outcome('-m set --match-set NI src,src', packet('10.0.0.1', '1.1.1.1'), { ...sets, hook: 'FORWARD' }), 'match');
    assert.equal(outcome('-m set --match-set NI src,dst', packet('10.0.0.1', '1.1.1.1'), { ...sets, hook: 'FORWARD' }), 'no');
    assert.equal(
      outcome('-m set --match-set NI src,dst', { ...packet('10.0.0.1', '1.1.1.1'), outIface: 'eth0' }, { ...sets, hook: 'FORWARD' }),
      'match',
    );
    assert.equal(
      outcome('-m set --match-set NI src,src', { ...packet('10.0.0.1', '1.1.1.1'), inIface: 'veth0' }, { ...sets, hook: 'FORWARD' }),
      'no',
    );
  });

  it('bitmap:port, hash:ip,mark with markmask, hash:ip with netmask', () => {
    const sets = withSets(
      ipset('PORTS', 'bitmap:port', ['80', '8000-8080']),
      ipset('MARKED', 'hash:ip,mark', ['10.0.0.2,0x10'], { markmask: '0xf0' }),
      ipset('NETS', 'hash:ip', ['10.0.1.0/24'], { netmask: '24' }),
    );
    assert.equal(outcome('-m set --match-set PORTS dst', packet('10.0.0.1', '10.0.0.2', 80), sets), 'match');
    assert.equal(outcome('-m set --match-set PORTS dst', packet('10.0.0.1', '10.0.0.2', 8042), sets), 'match');
    assert.equal(outcome('-m set --match-set PORTS dst', packet('10.0.0.1', '10.0.0.2', 443), sets), 'no');
    const marked = { packet: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp' as const, mark: 0x13 } };
    assert.equal(outcome('-m set --match-set MARKED dst,dst', marked, sets), 'match');
    assert.equal(outcome('-m set --match-set NETS dst', packet('10.0.0.1', '10.0.1.77'), sets), 'match');
  });

  it('list:set tries its member sets in order', () => {
    const sets = withSets(ipset('A', 'hash:ip', ['10.0.0.9']), ipset('B', 'hash:net', ['10.0.0.0/24']), ipset('L', 'list:set', ['A', 'B']));
    assert.equal(outcome('-m set --match-set L dst', packet('10.0.0.1', '10.0.0.2'), sets), 'match');
    assert.equal(
      probe('-m set --match-set L dst', packet('10.0.0.1', '10.0.0.2'), sets).explanation,
      'matched destination 10.0.0.2 is in set L (list:set, through member set B (hash:net), member 10.0.0.0/24): accept',
    );
    assert.equal(outcome('-m set --match-set L dst', packet('10.0.0.1', '10.1.0.2'), sets), 'no');
  });

  it('hash:mac needs the source MAC; inet6 sets never match IPv4', () => {
    const sets = withSets(ipset('MACS', 'hash:mac', ['0A:00:00:00:00:01']), { ...ipset('V6', 'hash:net', []), family: 'inet6' });
    assert.equal(
      outcome(
        '-m set --match-set MACS src',
        { packet: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp', srcMac: '0a:00:00:00:00:01' } },
        sets,
      ),
      'match',
    );
    assert.equal(outcome('-m set --match-set MACS src', packet('10.0.0.1', '10.0.0.2'), sets), 'unknown');
    assert.equal(outcome('-m set --match-set MACS dst', packet('10.0.0.1', '10.0.0.2'), sets), 'unknown');
    assert.equal(outcome('-m set --match-set V6 src', packet('10.0.0.1', '10.0.0.2'), sets), 'no');
  });

  it('bitmap:ip,mac reads the frame source MAC (kernel conformance scenario 09); a member without MAC takes any', () => {
    const sets = withSets(ipset('s_ipmac', 'bitmap:ip,mac', ['10.1.0.2,AA:BB:CC:00:11:22', '10.1.0.3']));
    const from = (src: string, srcMac?: string): InputSpec => ({
      packet: { src, dst: '10.2.0.2', proto: 'udp', dport: 53, ...(srcMac === undefined ? {} : { srcMac }) },
    });
    const forward = { ...sets, hook: 'FORWARD' as const };
    assert.equal(outcome('-p udp -m set --match-set s_ipmac src,src', from('10.1.0.2', 'aa:bb:cc:00:11:22'), forward), 'match');
    assert.equal(
      probe('-m set --match-set s_ipmac src,src', from('10.1.0.2', 'aa:bb:cc:00:11:22'), forward).explanation,
      'matched source 10.1.0.2,aa:bb:cc:00:11:22 is in set s_ipmac (bitmap:ip,mac, member 10.1.0.2,AA:BB:CC:00:11:22): accept',
    );
    assert.equal(outcome('-m set --match-set s_ipmac src,src', from('10.1.0.2', 'aa:bb:cc:00:11:23'), forward), 'no');
    assert.equal(outcome('-m set --match-set s_ipmac src,src', from('10.1.0.3', '02:00:00:00:00:09'), forward), 'match');
    assert.equal(outcome('-m set --match-set s_ipmac src,src', from('10.1.0.2'), forward), 'unknown');
  });

  it('MAC sets miss for packets without an Ethernet source: local ones, and lo', () => {
    const sets = withSets(ipset('MACS', 'hash:mac', ['0A:00:00:00:00:01']));
    assert.equal(outcome('-m set --match-set MACS src', { inIface: 'lo' }, sets), 'no');
    assert.equal(outcome('-m set ! --match-set MACS src', { inIface: 'lo' }, sets), 'match');
    assert.equal(outcome('-m set --match-set MACS src', {}, { ...sets, table: 'filter', hook: 'OUTPUT' }), 'no');
    assert.equal(outcome('-m set --match-set MACS src', { inIface: null }, { ...sets, table: 'mangle', hook: 'POSTROUTING' }), 'no');
  });

  it('a set that is missing, of an unknown type, or ipsets not captured: UNKNOWN', () => {
    assert.equal(
      probe('-m set --match-set NOPE dst', {}, withSets()).explanation,
      `set "NOPE" used in filter/INPUT rule 1 is not in the snapshot's ipsets`,
    );
    assert.equal(
      probe('-m set --match-set X dst', {}, { ipsets: null }).explanation,
      'match "-m set --match-set X" in filter/INPUT rule 1 needs the ipsets, which the snapshot does not have',
    );
    const odd = probe('-m set --match-set ODD dst', {}, withSets(ipset('ODD', 'hash:foo', [])));
    assert.equal(odd.outcome, 'unknown');
    assert.match(odd.explanation, /set "ODD" has type hash:foo, which is not modelled/);
    assert.equal(outcome('-m set --match-set X dst --packets-gt 5', {}, withSets(ipset('X', 'hash:ip', []))), 'unknown');
  });
});
