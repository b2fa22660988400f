import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { OVN_TABLES, type OvnAcl, type OvnNorthbound, type OvnTable, type SnapshotModel } from '@hookpath/model';
import { parseOvnMatch } from '@hookpath/parsers';
import { simulate, TraceRequestError } from '../simulate';

// Unit cases of the logical pipeline on a hand-built northbound database; the behaviour itself is
// held against ovn-trace in test/conformance-ovn.

const ALL_TABLES: OvnTable[] = [...OVN_TABLES];

/** pod switch -> router r1 (gateway port r1-ext on ch-a/ch-b) -> external switch with a localnet port. */
function northbound(): OvnNorthbound {
  return {
    switches: [
      {
        name: 'pods',
        uuid: 's1',
        loadBalancers: [],
        acls: [],
        ports: [
          { name: 'pod-a', uuid: null, type: '', addresses: ['00:00:00:00:00:0a 10.0.0.10'], routerPort: null },
          { name: 'pod-b', uuid: null, type: '', addresses: ['00:00:00:00:00:0b 10.0.0.11'], routerPort: null },
          { name: 'pods-r1', uuid: null, type: 'router', addresses: ['router'], routerPort: 'r1-pods' },
        ],
      },
      {
        name: 'ext',
        uuid: 's2',
        loadBalancers: [],
        acls: [],
        ports: [
          { name: 'ln', uuid: null, type: 'localnet', addresses: ['unknown'], routerPort: null },
          { name: 'ext-r1', uuid: null, type: 'router', addresses: ['router'], routerPort: 'r1-ext' },
        ],
      },
    ],
    routers: [
      {
        name: 'r1',
        uuid: 'r1',
        options: {},
        ports: [
          { name: 'r1-pods', uuid: null, mac: '00:00:00:00:01:01', networks: ['10.0.0.1/24'], gatewayChassis: [], options: {} },
          {
            name: 'r1-ext',
            uuid: null,
            mac: '00:00:00:00:01:02',
            networks: ['172.20.0.2/24'],
            gatewayChassis: [
              { chassis: 'ch-a', priority: 20 },
              { chassis: 'ch-b', priority: 10 },
            ],
            options: {},
          },
        ],
        nat: [
          {
            uuid: 'n1',
            type: 'snat',
            externalIp: '172.20.0.9',
            logicalIp: '10.0.0.0/24',
            externalMac: null,
            logicalPort: null,
            options: {},
          },
        ],
        loadBalancers: ['lb1'],
        staticRoutes: [{ uuid: null, ipPrefix: '8.8.0.0/16', nexthop: '172.20.0.1', policy: 'dst-ip', outputPort: null }],
        policies: [],
      },
    ],
    loadBalancers: [
      {
        uuid: null,
        name: 'lb1',
        protocol: 'tcp',
        vips: [{ vip: '172.20.0.50:80', backends: ['10.0.0.10:8080', '10.0.0.11:8080'] }],
        routers: ['r1'],
        switches: [],
      },
    ],
    acls: [],
    portGroups: [],
    addressSets: [],
    macBindings: [{ logicalPort: 'r1-ext', ip: '172.20.0.1', mac: '00:00:00:00:00:01' }],
    captured: ALL_TABLES,
    files: ['ovn/nb.json'],
  };
}

const model = (nb: OvnNorthbound | null): SnapshotModel => ({
  meta: {},
  topology: { links: [], segments: [] },
  hosts: [],
  rawOnly: [],
  warnings: [],
  ovn: nb,
});

function acl(uuid: string, direction: string, priority: number, match: string, action: string): OvnAcl {
  const parsed = parseOvnMatch(match);
  assert.ok('expr' in parsed, match);
  return { uuid, direction, priority, match, matchExpr: parsed.expr, action, appliesTo: [{ kind: 'switch', name: 'pods' }] };
}

describe('OVN logical pipeline', () => {
  it("a static route's next hop; subnet SNAT on the highest-priority gateway chassis; the frame leaves with the router port's MAC", () => {
    const t = simulate(model(northbound()), {
      from: 'ovn:pod-a',
      packet: { src: '10.0.0.10', dst: '8.8.8.8', proto: 'udp', sport: 5000, dport: 53 },
    });
    assert.deepEqual(
      [t.disposition, t.end?.iface, t.end?.packet.src, t.end?.packet.ethSrc, t.end?.packet.ethDst],
      ['EXITED', 'ln', '172.20.0.9', '00:00:00:00:01:02', '00:00:00:00:00:01'],
    );
    const snat = t.steps.find((s) => s.stage === 'lr_out_snat');
    assert.deepEqual([snat?.datapath, snat?.chassis, snat?.object?.table, snat?.object?.uuid], ['r1', 'ch-a', 'NAT', 'n1']);
  });

  it("TCP, UDP and ICMP through the subnet SNAT come back: the reply is un-SNATed by the connection in the router's zone", () => {
    for (const packet of [
      { src: '10.0.0.10', dst: '8.8.8.8', proto: 'tcp' as const, sport: 40000, dport: 443 },
      { src: '10.0.0.10', dst: '8.8.8.8', proto: 'udp' as const, sport: 5353, dport: 53 },
      { src: '10.0.0.10', dst: '8.8.8.8', proto: 'icmp' as const, icmpId: 77 },
    ]) {
      const t = simulate(model(northbound()), { from: 'ovn:pod-a', packet }, { roundTrip: true });
      const unsnat = t.reply?.steps.find((s) => s.stage === 'lr_in_unsnat');
      assert.deepEqual(
        [packet.proto, t.end?.packet.src, unsnat?.packetAfter?.dst, t.reply?.end?.iface, t.roundTrip?.established],
        [packet.proto, '172.20.0.9', '10.0.0.10', 'pod-a', true],
      );
    }
    // Another source port is another connection: a packet to the SNAT address on it is not a reply.
    const stray = simulate(model(northbound()), {
      from: 'ovn:ln',
      packet: { src: '8.8.8.8', dst: '172.20.0.9', proto: 'udp', sport: 53, dport: 5353 },
    });
    assert.deepEqual([stray.disposition, stray.dropReason], ['DROPPED', 'OVN_ROUTER_IP']);
    assert.ok(stray.diagnosis.some((d) => d.code === 'OVN_UNSOLICITED_TO_SNAT_IP'));
  });

  it('inbound to a FIP: ct_snat finds no connection, lr_in_dnat translates it to the pod, and nothing calls it unsolicited', () => {
    const nb = northbound();
    const r1 = nb.routers[0];
    assert.ok(r1 !== undefined);
    r1.nat.push({
      uuid: 'n2',
      type: 'dnat_and_snat',
      externalIp: '172.20.0.30',
      logicalIp: '10.0.0.11',
      externalMac: null,
      logicalPort: null,
      options: {},
    });
    const t = simulate(model(nb), {
      from: 'ovn:ln',
      packet: { src: '8.8.8.8', dst: '172.20.0.30', proto: 'tcp', sport: 40000, dport: 22 },
    });
    assert.deepEqual(
      [
        t.steps.some((s) => s.stage === 'lr_in_unsnat' && /ct_snat finds no connection/.test(s.explanation)),
        t.end?.packet.dst,
        t.diagnosis.map((d) => d.code).includes('OVN_UNSOLICITED_TO_SNAT_IP'),
      ],
      [true, '10.0.0.11', false],
    );
  });

  it('no route: DROPPED OVN_NO_ROUTE at lr_in_ip_routing', () => {
    const t = simulate(model(northbound()), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '9.9.9.9', proto: 'icmp' } });
    assert.deepEqual(
      [t.disposition, t.dropReason, t.end?.host, t.steps.at(-1)?.stage],
      ['DROPPED', 'OVN_NO_ROUTE', 'r1', 'lr_in_ip_routing'],
    );
    assert.deepEqual(
      t.diagnosis.map((d) => [d.code, d.host]),
      [['OVN_NO_ROUTE', 'r1']],
    );
  });

  it('a next hop without a MAC binding ends UNKNOWN at the ARP request, naming the address', () => {
    const nb = northbound();
    nb.macBindings = [];
    const t = simulate(model(nb), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '8.8.8.8', proto: 'icmp' } });
    assert.equal(t.disposition, 'UNKNOWN');
    assert.match(String(t.dropReason), /MAC of next hop 172\.20\.0\.1/);
  });

  it('from the physical network to an address nothing in OVN answers ARP for: UNKNOWN, saying so', () => {
    const t = simulate(model(northbound()), { from: 'ovn:ln', packet: { src: '172.20.0.1', dst: '172.20.0.77', proto: 'icmp' } });
    assert.equal(t.disposition, 'UNKNOWN');
    assert.match(String(t.dropReason), /no logical port of ext answers ARP for 172\.20\.0\.77/);
  });

  it('same switch: switched to the other VIF, which no host binds (EXITED there)', () => {
    const t = simulate(model(northbound()), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'icmp' } });
    assert.deepEqual([t.disposition, t.end?.host, t.end?.iface, t.end?.packet.ethDst], ['EXITED', 'pods', 'pod-b', '00:00:00:00:00:0b']);
  });

  it('router load balancer: every backend named, the first taken unless --backend; the reply is un-DNATed', () => {
    const spec = { src: '172.20.0.1', dst: '172.20.0.50', proto: 'tcp' as const, sport: 40000, dport: 80 };
    const first = simulate(model(northbound()), { from: 'ovn:ln', packet: spec });
    assert.deepEqual(
      [first.disposition, first.end?.iface, first.end?.packet.dst, first.end?.packet.dport],
      ['EXITED', 'pod-a', '10.0.0.10', 8080],
    );
    assert.match(first.steps.find((s) => s.stage === 'lr_in_dnat')?.explanation ?? '', /backends 10\.0\.0\.10:8080, 10\.0\.0\.11:8080/);
    const chosen = simulate(model(northbound()), { from: 'ovn:ln', packet: spec }, { backend: '10.0.0.11:8080', roundTrip: true });
    assert.deepEqual(
      [
        chosen.end?.iface,
        chosen.reply?.end?.iface,
        chosen.reply?.end?.packet.src,
        chosen.reply?.end?.packet.sport,
        chosen.roundTrip?.established,
      ],
      ['pod-b', 'ln', '172.20.0.50', 80, true],
    );
    assert.throws(() => simulate(model(northbound()), { from: 'ovn:ln', packet: spec }, { backend: '1.2.3.4:80' }), TraceRequestError);
  });

  it('router load balancer without --backend: a branch per backend, equally likely', () => {
    const spec = { src: '172.20.0.1', dst: '172.20.0.50', proto: 'tcp' as const, sport: 40000, dport: 80 };
    const t = simulate(model(northbound()), { from: 'ovn:ln', packet: spec });
    assert.deepEqual(
      (t.branches ?? []).map((b) => [b.probability, b.choices.map((c) => [c.host, c.kind, c.rule, c.chosen, c.among]), b.end?.iface]),
      [
        [0.5, [['r1', 'ovn-lb', 'lb1 172.20.0.50:80', '10.0.0.10:8080', ['10.0.0.10:8080', '10.0.0.11:8080']]], 'pod-a'],
        [0.5, [['r1', 'ovn-lb', 'lb1 172.20.0.50:80', '10.0.0.11:8080', ['10.0.0.10:8080', '10.0.0.11:8080']]], 'pod-b'],
      ],
    );
    assert.equal(simulate(model(northbound()), { from: 'ovn:ln', packet: spec }, { backend: '10.0.0.11:8080' }).branches, undefined);
  });

  it('an ECMP route group: a branch per next hop, equally likely; --choose pins one', () => {
    const nb = northbound();
    const r1 = nb.routers[0];
    assert.ok(r1 !== undefined);
    r1.staticRoutes.push({ uuid: null, ipPrefix: '8.8.0.0/16', nexthop: '172.20.0.3', policy: 'dst-ip', outputPort: null });
    nb.macBindings = [...(nb.macBindings ?? []), { logicalPort: 'r1-ext', ip: '172.20.0.3', mac: '00:00:00:00:00:03' }];
    const packet = { src: '10.0.0.10', dst: '8.8.8.8', proto: 'udp' as const, sport: 5000, dport: 53 };
    const t = simulate(model(nb), { from: 'ovn:pod-a', packet });
    assert.deepEqual(
      (t.branches ?? []).map((b) => [b.probability, b.choices.map((c) => [c.host, c.kind, c.chosen, c.among]), b.end?.packet.ethDst]),
      [
        [0.5, [['r1', 'ovn-ecmp', '172.20.0.1', ['172.20.0.1', '172.20.0.3']]], '00:00:00:00:00:01'],
        [0.5, [['r1', 'ovn-ecmp', '172.20.0.3', ['172.20.0.1', '172.20.0.3']]], '00:00:00:00:00:03'],
      ],
    );
    const pinned = simulate(model(nb), { from: 'ovn:pod-a', packet }, { choose: '172.20.0.3' });
    assert.deepEqual([pinned.branches, pinned.end?.packet.ethDst], [undefined, '00:00:00:00:00:03']);
  });

  it('ACLs: the highest priority that matches decides; a drop names the ACL', () => {
    const nb = northbound();
    nb.acls = [
      acl('acl-drop', 'to-lport', 1000, 'outport == "pod-b" && icmp4', 'drop'),
      acl('acl-allow', 'to-lport', 2000, 'ip4.src == 10.0.0.10 && tcp.dst == 22', 'allow-related'),
    ];
    const dropped = simulate(model(nb), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'icmp' } });
    assert.deepEqual(
      [dropped.disposition, dropped.dropReason, dropped.steps.at(-1)?.stage, dropped.steps.at(-1)?.object?.uuid],
      ['DROPPED', 'OVN_ACL', 'ls_out_acl', 'acl-drop'],
    );
    const why = dropped.diagnosis.find((d) => d.code === 'OVN_ACL_DROPS');
    assert.equal(why?.fix, `in the cluster: kubectl ko nbctl acl-del pods to-lport 1000 'outport == "pod-b" && icmp4'`);
    const allowed = simulate(
      model(nb),
      { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'tcp', dport: 22 } },
      { roundTrip: true },
    );
    assert.deepEqual([allowed.disposition, allowed.roundTrip?.established], ['EXITED', true]);
  });

  it('an ACL in a tier other than 0 (OVN 23.09) ends the switch hop UNKNOWN, naming it', () => {
    const nb = northbound();
    nb.acls = [{ ...acl('acl-tier', 'to-lport', 1000, 'ip4', 'allow-related'), tier: 1 }];
    const t = simulate(model(nb), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'icmp' } });
    assert.deepEqual([t.disposition, t.steps.at(-1)?.stage], ['UNKNOWN', 'ls_out_acl']);
    assert.match(String(t.dropReason), /tier 1; ACL tiers are not modelled/);
  });

  it('ACL tables not captured: the switch hop is UNKNOWN, saying which tables are missing', () => {
    const nb = northbound();
    nb.captured = ALL_TABLES.filter((t) => t !== 'ACL' && t !== 'Port_Group');
    const t = simulate(model(nb), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'icmp' } });
    assert.equal(t.disposition, 'UNKNOWN');
    assert.match(String(t.dropReason), /ACL, Port_Group tables were not captured/);
  });

  it('router policies after routing: drop, and reroute to another next hop', () => {
    const nb = northbound();
    const policy = (priority: number, match: string, action: 'drop' | 'reroute' | 'allow', nexthops: string[]) => {
      const parsed = parseOvnMatch(match);
      assert.ok('expr' in parsed);
      return { uuid: `p${priority}`, priority, match, matchExpr: parsed.expr, action, nexthops };
    };
    (nb.routers[0] as OvnNorthbound['routers'][number]).policies = [
      policy(2000, 'ip4.dst == 8.8.4.4', 'drop', []),
      policy(1000, 'ip4.dst == 8.8.8.8', 'reroute', ['10.0.0.11']),
    ];
    const dropped = simulate(model(nb), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '8.8.4.4', proto: 'icmp' } });
    assert.deepEqual([dropped.disposition, dropped.dropReason, dropped.steps.at(-1)?.stage], ['DROPPED', 'OVN_POLICY', 'lr_in_policy']);
    assert.equal(
      dropped.diagnosis.find((d) => d.code === 'OVN_POLICY_DROPS')?.fix,
      `in the cluster: kubectl ko nbctl lr-policy-del r1 2000 'ip4.dst == 8.8.4.4'`,
    );
    const rerouted = simulate(model(nb), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '8.8.8.8', proto: 'icmp' } });
    assert.deepEqual(
      [rerouted.disposition, rerouted.end?.iface, rerouted.end?.packet.dst, rerouted.end?.packet.ethDst],
      ['EXITED', 'pod-b', '8.8.8.8', '00:00:00:00:00:0b'],
    );
    const unrouted = simulate(model(nb), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '9.9.9.9', proto: 'icmp' } });
    assert.deepEqual(
      [unrouted.dropReason, unrouted.steps.at(-1)?.stage],
      ['OVN_NO_ROUTE', 'lr_in_ip_routing'],
      'routing drops before the policy stage when no route matches',
    );
  });

  it('what the engine does not model ends UNKNOWN naming it: a NAT port range, a router that SNATs load-balanced traffic', () => {
    const ranged = northbound();
    const router = ranged.routers[0] as OvnNorthbound['routers'][number];
    router.nat = router.nat.map((n) => ({ ...n, externalPortRange: '10000-20000' }));
    const t = simulate(model(ranged), {
      from: 'ovn:pod-a',
      packet: { src: '10.0.0.10', dst: '8.8.8.8', proto: 'udp', sport: 5000, dport: 53 },
    });
    assert.deepEqual([t.disposition, t.steps.at(-1)?.stage], ['UNKNOWN', 'lr_out_snat']);
    assert.match(String(t.dropReason), /external_port_range 10000-20000/);
    const forced = northbound();
    (forced.routers[0] as OvnNorthbound['routers'][number]).options = { lb_force_snat_ip: 'router_ip' };
    const lb = simulate(model(forced), {
      from: 'ovn:ln',
      packet: { src: '172.20.0.1', dst: '172.20.0.50', proto: 'tcp', sport: 40000, dport: 80 },
    });
    assert.deepEqual([lb.disposition, lb.steps.at(-1)?.stage], ['UNKNOWN', 'lr_in_dnat']);
    assert.match(String(lb.dropReason), /lb_force_snat_ip/);
  });

  it("switch load balancer hairpin: the source becomes the VIP; with hairpin_snat_ip (ovn-controller's, out of ovn-trace's sight) UNKNOWN", () => {
    const nb = northbound();
    nb.loadBalancers.push({
      uuid: 'lb2',
      name: 'svc',
      protocol: 'tcp',
      vips: [{ vip: '10.96.0.1:80', backends: ['10.0.0.10:8080', '10.0.0.11:8080'] }],
      routers: [],
      switches: ['pods'],
    });
    (nb.switches[0] as OvnNorthbound['switches'][number]).loadBalancers = ['svc'];
    const spec = { src: '10.0.0.10', dst: '10.96.0.1', proto: 'tcp' as const, sport: 40000, dport: 80 };
    const t = simulate(model(nb), { from: 'ovn:pod-a', packet: spec }, { backend: '10.0.0.10:8080', roundTrip: true });
    assert.deepEqual(
      [t.end?.iface, t.end?.packet.src, t.end?.packet.dst, t.end?.packet.dport, t.roundTrip?.established],
      ['pod-a', '10.96.0.1', '10.0.0.10', 8080, true],
    );
    (nb.loadBalancers.at(-1) as OvnNorthbound['loadBalancers'][number]).options = { hairpin_snat_ip: '169.254.169.5' };
    const pinned = simulate(model(nb), { from: 'ovn:pod-a', packet: spec }, { backend: '10.0.0.10:8080' });
    assert.deepEqual([pinned.disposition, pinned.steps.at(-1)?.stage], ['UNKNOWN', 'ls_in_nat_hairpin']);
  });

  it('places: an unknown port, a router-type port or a snapshot without OVN data is refused', () => {
    assert.throws(
      () => simulate(model(northbound()), { from: 'ovn:nope', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'icmp' } }),
      /no logical switch port "nope"/,
    );
    assert.throws(
      () => simulate(model(northbound()), { from: 'ovn:pods-r1', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'icmp' } }),
      /no logical switch port "pods-r1"/,
    );
    assert.throws(
      () => simulate(model(null), { from: 'ovn:pod-a', packet: { src: '10.0.0.10', dst: '10.0.0.11', proto: 'icmp' } }),
      /no ovn\/ northbound data/,
    );
  });
});
