import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { changeRows } from '../../testing/ovn-changes';
import { kubeOvnNorthbound, recaptured, routerOf } from '../../testing/ovn-models';
import { diffOvn } from '../ovn-diff';

describe('OVN diff: routers, router ports, NAT, static routes, policies', () => {
  it('kube-ovn: the gateway chassis swap priorities (the gateway moves node): one change of gateway_chassis', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    const port = routerOf(target, 'ovn-cluster').ports.find((p) => p.name === 'ovn-cluster-external');
    assert.ok(port !== undefined);
    port.gatewayChassis = [
      { chassis: 'chassis-b', priority: 2 },
      { chassis: 'chassis-a', priority: 1 },
    ];
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.router-port.changed',
        'logical_router/ovn-cluster/port/ovn-cluster-external',
        'gateway_chassis',
        'ovn-cluster-external mac=00:00:00:aa:00:03 networks=[172.19.0.2/16] gateway_chassis=[chassis-a:2 chassis-b:1]',
        'ovn-cluster-external mac=00:00:00:aa:00:03 networks=[172.19.0.2/16] gateway_chassis=[chassis-b:2 chassis-a:1]',
      ],
    ]);
  });

  it('kube-ovn: an OvnFip becomes distributed: external_mac and logical_port added to its dnat_and_snat row', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    const fip = routerOf(target, 'ovn-cluster').nat.find((n) => n.externalIp === '172.19.0.11');
    assert.ok(fip !== undefined);
    fip.externalMac = '00:00:00:c1:6c:9a';
    fip.logicalPort = 'nginx-0.default';
    const d = diffOvn(base, target);
    assert.deepEqual(changeRows(d), [
      [
        'ovn.nat.changed',
        'logical_router/ovn-cluster/nat/dnat_and_snat 172.19.0.11 10.16.0.5',
        'external_mac,logical_port',
        'dnat_and_snat 172.19.0.11 10.16.0.5',
        'dnat_and_snat 172.19.0.11 10.16.0.5 external_mac=00:00:00:c1:6c:9a logical_port=nginx-0.default',
      ],
    ]);
    assert.deepEqual(d[0].place.ovnUuid, { base: 'nat-fip', target: 'nat-fip-recaptured' });
    assert.equal(d[0].place.key, 'dnat_and_snat 172.19.0.11 10.16.0.5');
  });

  it('NAT gateway_port, allowed/exempted external IPs (by address set name), external_port_range, options', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    const snat = routerOf(target, 'ovn-cluster').nat[0];
    snat.gatewayPort = 'lrp-external-recaptured';
    snat.allowedExtIps = 'as-worker-recaptured';
    snat.externalPortRange = '10000-20000';
    snat.options = { stateless: 'true' };
    const fip = routerOf(target, 'ovn-cluster').nat[1];
    fip.exemptedExtIps = 'as-web-0-recaptured';
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.nat.changed',
        'logical_router/ovn-cluster/nat/dnat_and_snat 172.19.0.11 10.16.0.5',
        'exempted_ext_ips',
        'dnat_and_snat 172.19.0.11 10.16.0.5',
        'dnat_and_snat 172.19.0.11 10.16.0.5 exempted_ext_ips=web.default.ingress.allow.IPv4.0',
      ],
      [
        'ovn.nat.changed',
        'logical_router/ovn-cluster/nat/snat 172.19.0.2 10.16.0.0/16',
        'options,gateway_port,allowed_ext_ips,external_port_range',
        'snat 172.19.0.2 10.16.0.0/16',
        'snat 172.19.0.2 10.16.0.0/16 options={stateless=true} gateway_port=ovn-cluster-external allowed_ext_ips=ovn.default.kind.worker_ip4 external_port_range=10000-20000',
      ],
    ]);
  });

  it('router port HA chassis group, peer, options and enabled; router options and load balancer group', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    const lr = routerOf(target, 'ovn-cluster');
    lr.options = { always_learn_from_arp_request: 'false' };
    lr.loadBalancerGroups = ['lbg-cluster-recaptured'];
    const [ovnDefault, join] = lr.ports;
    ovnDefault.haChassisGroup = 'hcg-external-recaptured';
    ovnDefault.enabled = false;
    join.peer = 'vpc1-ovn-cluster';
    join.options = { gateway_mtu: '1400' };
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.router.changed',
        'logical_router/ovn-cluster',
        'load_balancer_group,options',
        'ovn-cluster load_balancer=[cluster-tcp-loadbalancer]',
        'ovn-cluster load_balancer=[cluster-tcp-loadbalancer] load_balancer_group=[cluster-load-balancer-group] options={always_learn_from_arp_request=false}',
      ],
      [
        'ovn.router-port.changed',
        'logical_router/ovn-cluster/port/ovn-cluster-join',
        'peer,options',
        'ovn-cluster-join mac=00:00:00:aa:00:02 networks=[100.64.0.1/16]',
        'ovn-cluster-join mac=00:00:00:aa:00:02 networks=[100.64.0.1/16] peer=vpc1-ovn-cluster options={gateway_mtu=1400}',
      ],
      [
        'ovn.router-port.changed',
        'logical_router/ovn-cluster/port/ovn-cluster-ovn-default',
        'ha_chassis_group,enabled',
        'ovn-cluster-ovn-default mac=00:00:00:aa:00:01 networks=[10.16.0.1/16]',
        'ovn-cluster-ovn-default mac=00:00:00:aa:00:01 networks=[10.16.0.1/16] ha_chassis_group=ovn-cluster-external enabled=false',
      ],
    ]);
  });

  it('static routes keyed by table, policy, prefix and next hop: an ECMP member added, a route in its own table, output_port, options and bfd changed', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    const lr = routerOf(target, 'ovn-cluster');
    lr.staticRoutes[0].options = { ecmp_symmetric_reply: 'true' };
    lr.staticRoutes[0].bfd = 'bfd-1';
    lr.staticRoutes[0].outputPort = 'ovn-cluster-external';
    lr.staticRoutes.push(
      {
        uuid: 'r2',
        ipPrefix: '0.0.0.0/0',
        nexthop: '172.19.0.254',
        policy: 'dst-ip',
        outputPort: null,
        routeTable: '',
        options: { ecmp_symmetric_reply: 'true' },
      },
      { uuid: 'r3', ipPrefix: '10.16.0.0/24', nexthop: '100.64.0.3', policy: 'src-ip', outputPort: null, routeTable: 'rtb-a' },
    );
    const d = diffOvn(base, target);
    assert.deepEqual(changeRows(d), [
      [
        'ovn.static-route.changed',
        'logical_router/ovn-cluster/static_route/dst-ip 0.0.0.0/0 via 172.19.0.1',
        'output_port,options,bfd',
        'dst-ip 0.0.0.0/0 via 172.19.0.1',
        'dst-ip 0.0.0.0/0 via 172.19.0.1 output_port=ovn-cluster-external options={ecmp_symmetric_reply=true} bfd=set',
      ],
      [
        'ovn.static-route.added',
        'logical_router/ovn-cluster/static_route/dst-ip 0.0.0.0/0 via 172.19.0.254',
        null,
        null,
        'dst-ip 0.0.0.0/0 via 172.19.0.254 options={ecmp_symmetric_reply=true}',
      ],
      [
        'ovn.static-route.added',
        'logical_router/ovn-cluster/static_route/table rtb-a src-ip 10.16.0.0/24 via 100.64.0.3',
        null,
        null,
        'table rtb-a src-ip 10.16.0.0/24 via 100.64.0.3',
      ],
    ]);
  });

  it('kube-ovn: a node joins, so a new reroute policy; another policy reroutes elsewhere; one becomes a drop', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    const lr = routerOf(target, 'ovn-cluster');
    lr.policies = [
      { uuid: 'p1', priority: 31000, match: 'ip4.dst == 10.16.0.0/16', action: 'drop', nexthops: [] },
      { uuid: 'p2', priority: 29000, match: 'ip4.src == $ovn.default.kind.worker_ip4', action: 'reroute', nexthops: ['100.64.0.4'] },
      { uuid: 'p3', priority: 29000, match: 'ip4.src == $ovn.default.kind.control.plane_ip4', action: 'reroute', nexthops: ['100.64.0.2'] },
    ];
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.policy.added',
        'logical_router/ovn-cluster/policy/29000 "ip4.src == $ovn.default.kind.control.plane_ip4"',
        null,
        null,
        '29000 "ip4.src == $ovn.default.kind.control.plane_ip4" action=reroute nexthops=[100.64.0.2]',
      ],
      [
        'ovn.policy.changed',
        'logical_router/ovn-cluster/policy/29000 "ip4.src == $ovn.default.kind.worker_ip4"',
        'nexthops',
        '29000 "ip4.src == $ovn.default.kind.worker_ip4" action=reroute nexthops=[100.64.0.3]',
        '29000 "ip4.src == $ovn.default.kind.worker_ip4" action=reroute nexthops=[100.64.0.4]',
      ],
      [
        'ovn.policy.changed',
        'logical_router/ovn-cluster/policy/31000 "ip4.dst == 10.16.0.0/16"',
        'action',
        '31000 "ip4.dst == 10.16.0.0/16" action=allow',
        '31000 "ip4.dst == 10.16.0.0/16" action=drop',
      ],
    ]);
  });

  it('a router added brings its ports, NAT, routes and policies; removed likewise', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    target.routers = [];
    assert.deepEqual(
      diffOvn(base, target).map((c) => c.kind),
      [
        'ovn.router.removed',
        'ovn.router-port.removed',
        'ovn.router-port.removed',
        'ovn.router-port.removed',
        'ovn.nat.removed',
        'ovn.nat.removed',
        'ovn.static-route.removed',
        'ovn.policy.removed',
        'ovn.policy.removed',
      ],
    );
    assert.equal(diffOvn(base, target)[0].before, 'ovn-cluster (3 ports, 2 NAT)');
  });
});
