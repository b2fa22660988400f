import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { SnapshotModel } from '@hookpath/model';
import { simulate } from '../simulate';
import { modelFromText } from './testing/load-example';
import { DEFAULT_RULES, ipAddrText, ipRouteText, type IfaceSpec } from './testing/text-hosts';

/**
 * a:eth0 --- r1 (DNAT 10.9.9.9 -> 10.1.0.9) --- s:eth0; s:eth1 --- r2 --- a:eth1.
 * s REJECTs udp/53 and routes its answers to a through r2, which has no conntrack entry: the error
 * reaches a quoting 10.1.0.9:53, a packet a never sent (it sent to 10.9.9.9:53).
 */
const TOPOLOGY = 'links:\n  - [a:eth0, r1:eth0]\n  - [r1:eth1, s:eth0]\n  - [s:eth1, r2:eth1]\n  - [r2:eth0, a:eth1]\n';
const A: IfaceSpec[] = [
  { name: 'eth0', addrs: ['10.0.0.5/24'] },
  { name: 'eth1', addrs: ['10.2.0.5/24'] },
];
const R1: IfaceSpec[] = [
  { name: 'eth0', addrs: ['10.0.0.1/24'] },
  { name: 'eth1', addrs: ['10.1.0.1/24'] },
];
const S: IfaceSpec[] = [
  { name: 'eth0', addrs: ['10.1.0.9/24'] },
  { name: 'eth1', addrs: ['10.3.0.9/24'] },
];
const R2: IfaceSpec[] = [
  { name: 'eth0', addrs: ['10.2.0.1/24'] },
  { name: 'eth1', addrs: ['10.3.0.1/24'] },
];
const NO_RP_FILTER =
  'net.ipv4.conf.all.rp_filter = 0\nnet.ipv4.conf.default.rp_filter = 0\nnet.ipv4.conf.eth0.rp_filter = 0\nnet.ipv4.conf.eth1.rp_filter = 0\n';

const DNAT = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.9.9.9/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.1.0.9
COMMIT
`;
const REJECT = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p udp -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable
COMMIT
`;

function model(): SnapshotModel {
  return modelFromText(
    {
      a: {
        'ip-addr.txt': ipAddrText(A),
        'ip-route.txt': ipRouteText(A, ['default via 10.0.0.1 dev eth0 ']),
        'ip-rule.txt': DEFAULT_RULES,
        'sysctl.txt': `net.ipv4.ip_forward = 0\n${NO_RP_FILTER}`,
      },
      r1: {
        'ip-addr.txt': ipAddrText(R1),
        'ip-route.txt': ipRouteText(R1, []),
        'ip-rule.txt': DEFAULT_RULES,
        'sysctl.txt': `net.ipv4.ip_forward = 1\n${NO_RP_FILTER}`,
        'iptables-save.txt': DNAT,
      },
      s: {
        'ip-addr.txt': ipAddrText(S),
        'ip-route.txt': ipRouteText(S, ['10.0.0.0/24 via 10.3.0.1 dev eth1 ']),
        'ip-rule.txt': DEFAULT_RULES,
        'sysctl.txt': `net.ipv4.ip_forward = 0\n${NO_RP_FILTER}`,
        'iptables-save.txt': REJECT,
      },
      r2: {
        'ip-addr.txt': ipAddrText(R2),
        'ip-route.txt': ipRouteText(R2, ['10.0.0.0/24 via 10.2.0.5 dev eth0 ']),
        'ip-rule.txt': DEFAULT_RULES,
        'sysctl.txt': `net.ipv4.ip_forward = 1\n${NO_RP_FILTER}`,
      },
    },
    TOPOLOGY,
  );
}

describe('an error that comes back with its translation not undone', () => {
  it('reaches the sender quoting a packet it never sent: which socket takes it is not modelled (UNKNOWN, saying both headers)', () => {
    const t = simulate(
      model(),
      { from: 'a', packet: { src: '10.0.0.5', dst: '10.9.9.9', proto: 'udp', sport: 4000, dport: 53 } },
      { roundTrip: true },
    );
    assert.equal(t.disposition, 'REJECTED');
    assert.equal(t.end?.host, 's');
    const reply = t.reply;
    assert.ok(reply);
    assert.deepEqual(
      reply.steps.filter((s) => s.kind === 'interface').map((s) => s.host),
      ['s', 'r2', 'r2', 'a'],
      'the error leaves s by eth1 and comes back through r2, which never saw the request',
    );
    assert.equal(reply.end?.host, 'a');
    assert.equal(reply.disposition, 'UNKNOWN');
    assert.equal(
      reply.dropReason,
      'the ICMP error quotes udp 10.0.0.5:4000 -> 10.1.0.9:53, but a sent udp 10.0.0.5:4000 -> 10.9.9.9:53: which socket of a, if any, takes it is not modelled',
    );
  });
});
