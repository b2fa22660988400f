import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { OvnNorthbound, SnapshotModel } from '@hookpath/model';
import { simulate, TraceRequestError } from '../simulate';

/** A small northbound database: pod switch -> router r1 (gateway port) -> external switch with a localnet port. */
function northbound(): OvnNorthbound {
  return {
    switches: [
      {
        name: 'pods', uuid: 's1', loadBalancers: [],
        ports: [
          { name: 'pod-a', uuid: null, type: '', addresses: ['00:00:00:00:00:0a 10.0.0.10'], routerPort: null },
          { name: 'pod-b', uuid: null, type: '', addresses: ['00:00:00:00:00:0b 10.0.0.11'], routerPort: null },
          { name: 'pods-r1', uuid: null, type: 'router', addresses: [], routerPort: 'r1-pods' },
        ],
      },
      {
        name: 'ext', uuid: 's2', loadBalancers: [],
        ports: [
          { name: 'ln', uuid: null, type: 'localnet', addresses: ['unknown'], routerPort: null },
          { name: 'ext-r1', uuid: null, type: 'router', addresses: [], routerPort: 'r1-ext' },
        ],
      },
    ],
    routers: [
      {
        name: 'r1', uuid: 'r1', options: {},
        ports: [
          { name: 'r1-pods', uuid: null, mac: '00:00:00:00:01:01', networks: ['10.0.0.1/24'], gatewayChassis: [], options: {} },
          { name: 'r1-ext', uuid: null, mac: '00:00:00:00:01:02', networks: ['172.20.0.2/24'], gatewayChassis: [{ chassis: 'ch-b', priority: 10 }, { chassis: 'ch-a', priority: 20 }].sort((a, b) => b.priority - a.priority), options: {} },
        ],
        nat: [{ uuid: null, type: 'snat', externalIp: '172.20.0.9', logicalIp: '10.0.0.0/24', externalMac: null, logicalPort: null, options: {} }],
        loadBalancers: ['lb1'],
        staticRoutes: [{ uuid: null, ipPrefix: '8.8.0.0/16', nexthop: '172.20.0.1', policy: 'dst-ip', outputPort: null }],
      },
    ],
    loadBalancers: [{ uuid: null, name: 'lb1', protocol: 'tcp', vips: [{ vip: '172.20.0.50:80', backends: ['10.0.0.10:8080', '10.0.0.11:8080'] }], routers: ['r1'], switches: [] }],
    acls: [],
    files: ['ovn/nbctl-show.txt'],
  };
}

const model = (nb: OvnNorthbound | null): SnapshotModel => ({ meta: {}, topology: { links: [], segments: [] }, hosts: [], rawOnly: [], warnings: [], ovn: nb });

describe('OVN walk', () => {
  it('a static route\'s next hop; subnet SNAT on the highest-priority gateway chassis', () => {
    const t = simulate(model(northbound()), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '8.8.8.8', proto: 'udp', sport: 5000, dport: 53 } });
    assert.deepEqual([t.disposition, t.end?.iface, t.end?.packet.src], ['EXITED', 'ln', '172.20.0.9']);
    assert.match(t.steps.map((s) => s.explanation).join('\n'), /static route 8\.8\.0\.0\/16 via 172\.20\.0\.1 \(dst-ip\); next hop 172\.20\.0\.1[\s\S]*on gateway chassis ch-a/);
  });

  it('no route: DROPPED OVN_NO_ROUTE', () => {
    const t = simulate(model(northbound()), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '9.9.9.9', proto: 'icmp' } });
    assert.deepEqual([t.disposition, t.dropReason, t.end?.host], ['DROPPED', 'OVN_NO_ROUTE', 'r1']);
  });

  it('same switch: delivered without the router', () => {
    const t = simulate(model(northbound()), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'icmp' } });
    assert.deepEqual([t.disposition, t.end?.host, t.end?.iface], ['DELIVERED', 'pods', 'pod-b']);
  });

  it('load balancer: every backend reported, the first taken unless --backend names one', () => {
    const spec = { src: '172.20.0.1', dst: '172.20.0.50', proto: 'tcp' as const, sport: 40000, dport: 80 };
    const first = simulate(model(northbound()), { from: 'ovn:ln', packet: spec });
    assert.deepEqual([first.disposition, first.end?.iface, first.end?.packet.dst, first.end?.packet.dport], ['DELIVERED', 'pod-a', '10.0.0.10', 8080]);
    assert.match(first.steps.map((s) => s.explanation).join('\n'), /backends 10\.0\.0\.10:8080, 10\.0\.0\.11:8080/);
    const chosen = simulate(model(northbound()), { from: 'ovn:ln', packet: spec }, { backend: '10.0.0.11:8080', roundTrip: true });
    assert.deepEqual([chosen.end?.iface, chosen.reply?.end?.iface, chosen.reply?.end?.packet.src, chosen.roundTrip?.established], ['pod-b', 'ln', '172.20.0.50', true]);
    assert.throws(() => simulate(model(northbound()), { from: 'ovn:ln', packet: spec }, { backend: '1.2.3.4:80' }), TraceRequestError);
  });

  it('ACL rows make the trace UNKNOWN, naming them', () => {
    const nb = northbound();
    nb.acls = [{ uuid: 'acl-1', direction: 'to-lport', priority: 1000, match: 'tcp.dst == 80', action: 'drop' }];
    const t = simulate(model(nb), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'icmp' } });
    assert.equal(t.disposition, 'UNKNOWN');
    assert.match(String(t.dropReason), /acl-1 \(to-lport priority 1000 match "tcp\.dst == 80" action drop\)/);
  });

  it('places: an unknown port or a snapshot without OVN data is refused', () => {
    assert.throws(() => simulate(model(northbound()), { from: 'ovn:nope', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'icmp' } }), /no logical switch port "nope"/);
    assert.throws(() => simulate(model(null), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'icmp' } }), /no ovn\/ northbound data/);
  });
});
