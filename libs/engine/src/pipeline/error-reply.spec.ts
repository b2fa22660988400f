import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { SnapshotModel } from '@hookpath/model';
import { simulate } from '../simulate';
import { modelFromText } from './testing/load-example';
import { DEFAULT_RULES, ipAddrText, ipRouteText, type IfaceSpec } from './testing/text-hosts';

const TOPOLOGY = 'links:\n  - [a:eth0, r:eth0]\n';
const A: IfaceSpec[] = [{ name: 'eth0', addrs: ['10.0.0.5/24'] }];
const R: IfaceSpec[] = [
  { name: 'eth0', addrs: ['10.0.0.1/24'] },
  { name: 'eth1', addrs: ['10.1.0.1/24'] },
];

const FILTER = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -p udp -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable
-A OUTPUT -p udp -m udp --dport 54 -j REJECT --reject-with icmp-port-unreachable
COMMIT
`;

/** a --- r; r REJECTs udp/53 in FORWARD and its own udp/54 in OUTPUT. */
function model(rSysctl = ''): SnapshotModel {
  return modelFromText(
    {
      a: { 'ip-addr.txt': ipAddrText(A), 'ip-route.txt': ipRouteText(A, ['default via 10.0.0.1 dev eth0 ']), 'ip-rule.txt': DEFAULT_RULES },
      r: {
        'ip-addr.txt': ipAddrText(R),
        'ip-route.txt': ipRouteText(R, []),
        'ip-rule.txt': DEFAULT_RULES,
        'sysctl.txt': `net.ipv4.ip_forward = 1\n${rSysctl}`,
        'iptables-save.txt': FILTER,
      },
    },
    TOPOLOGY,
  );
}

describe('errors the engine does not trace back end UNKNOWN, saying why', () => {
  it('a REJECT in OUTPUT: the error goes to the local sender', () => {
    const t = simulate(
      model(),
      { from: 'r', packet: { src: '10.1.0.1', dst: '10.1.0.9', proto: 'udp', sport: 4000, dport: 54 } },
      { roundTrip: true },
    );
    assert.equal(t.disposition, 'REJECTED');
    assert.equal(t.reply?.disposition, 'UNKNOWN');
    assert.match(String(t.reply?.dropReason), /rejected in OUTPUT on r, the host that sent it/);
    assert.equal(t.roundTrip?.established, false);
  });

  it("net.ipv4.icmp_errors_use_inbound_ifaddr = 1: the source would be the inbound interface's address", () => {
    const t = simulate(
      model('net.ipv4.icmp_errors_use_inbound_ifaddr = 1\n'),
      { from: 'a', packet: { src: '10.0.0.5', dst: '10.1.0.9', proto: 'udp', sport: 4000, dport: 53 } },
      { roundTrip: true },
    );
    assert.equal(t.disposition, 'REJECTED');
    assert.equal(t.reply?.disposition, 'UNKNOWN');
    assert.match(String(t.reply?.dropReason), /icmp_errors_use_inbound_ifaddr/);
  });

  it("without it, the error of a REJECT in FORWARD comes back from the route's source towards the sender", () => {
    const t = simulate(
      model(),
      { from: 'a', packet: { src: '10.0.0.5', dst: '10.1.0.9', proto: 'udp', sport: 4000, dport: 53 } },
      { roundTrip: true },
    );
    assert.deepEqual(t.reply?.packet, {
      src: '10.0.0.1',
      dst: '10.0.0.5',
      proto: 'icmp',
      icmpType: 3,
      icmpCode: 3,
      inner: { proto: 'udp', src: '10.0.0.5', dst: '10.1.0.9', sport: 4000, dport: 53 },
    });
    assert.equal(t.reply?.disposition, 'DELIVERED');
    assert.equal(t.reply?.end?.host, 'a');
  });
});
