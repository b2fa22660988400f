import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { OvnNorthbound } from '@hookpath/model';
import { changeRows } from '../../testing/ovn-changes';
import { ALL_TABLES, kubeOvnNorthbound, recaptured, routerOf, switchOf } from '../../testing/ovn-models';
import { diffOvn } from '../ovn-diff';

/** What nbctl-show.txt alone gives of the same database: switches, ports, routers, router ports and NAT, few columns. */
function showOnly(full: OvnNorthbound): OvnNorthbound {
  const nb = structuredClone(full);
  for (const s of nb.switches) {
    s.loadBalancers = [];
    delete s.loadBalancerGroups;
    delete s.otherConfig;
    delete s.acls;
    for (const p of s.ports) {
      delete p.portSecurity;
      delete p.options;
      delete p.dhcpv4Options;
      delete p.externalIds;
    }
  }
  for (const r of nb.routers) {
    r.loadBalancers = [];
    r.staticRoutes = [];
    delete r.policies;
    for (const p of r.ports) p.gatewayChassis = p.gatewayChassis.map((g) => ({ chassis: g.chassis, priority: null }));
  }
  nb.loadBalancers = [];
  nb.acls = [];
  for (const k of ['loadBalancerGroups', 'haChassisGroups', 'portGroups', 'addressSets', 'staticMacBindings', 'dhcpOptions'] as const)
    delete nb[k];
  nb.captured = [];
  nb.files = ['ovn/nbctl-show.txt', 'ovn/sb-MAC_Binding.txt', 'ovn/sbctl-show.txt'];
  return nb;
}

describe('OVN diff: what each snapshot captured', () => {
  it('a table captured in one snapshot only is one change, not a removal of each of its rows', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    target.captured = ALL_TABLES.filter((t) => t !== 'ACL' && t !== 'Address_Set');
    target.acls = [];
    delete target.addressSets;
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      ['ovn.capture.removed', 'nb/ACL', 'ACL', 'ACL captured in full (2 rows)', null],
      ['ovn.capture.removed', 'nb/Address_Set', 'Address_Set', 'Address_Set captured in full (2 rows)', null],
    ]);
    assert.deepEqual(
      changeRows(diffOvn(target, base)).map((r) => [r[0], r[3], r[4]]),
      [
        ['ovn.capture.added', null, 'ACL captured in full (2 rows)'],
        ['ovn.capture.added', null, 'Address_Set captured in full (2 rows)'],
      ],
    );
  });

  it('nbctl-show.txt against nb.json: one change per table, then rows compared on what nbctl show prints (a port added, a type, a FIP made distributed, a gateway chassis moved)', () => {
    const full = kubeOvnNorthbound();
    const base = showOnly(full);
    const target = recaptured(full);
    switchOf(target, 'join').ports.push({
      name: 'node-kind-control-plane',
      uuid: 'n',
      type: '',
      addresses: ['00:00:00:64:00:00:02 100.64.0.2'],
      routerPort: null,
      portSecurity: ['00:00:00:64:00:00:02 100.64.0.2'],
    });
    switchOf(target, 'ovn-default').ports[1].type = 'virtual';
    const lr = routerOf(target, 'ovn-cluster');
    Object.assign(lr.nat[1], { externalMac: '00:00:00:c1:6c:9a', logicalPort: 'nginx-0.default' });
    lr.ports[2].gatewayChassis = [
      { chassis: 'chassis-c', priority: 2 },
      { chassis: 'chassis-a', priority: 1 },
    ];
    const rows = changeRows(diffOvn(base, target));
    assert.deepEqual(
      rows.filter((r) => r[0] === 'ovn.capture.added').map((r) => r[4]),
      [
        'Logical_Switch captured in full (3 rows); the other snapshot has only what nbctl-show.txt prints of it',
        'Logical_Switch_Port captured in full (8 rows); the other snapshot has only what nbctl-show.txt prints of it',
        'Logical_Router captured in full (1 row); the other snapshot has only what nbctl-show.txt prints of it',
        'Logical_Router_Port captured in full (3 rows); the other snapshot has only what nbctl-show.txt prints of it',
        'Gateway_Chassis captured in full (2 rows); the other snapshot has only what nbctl-show.txt prints of it',
        'HA_Chassis_Group captured in full (1 row)',
        'NAT captured in full (2 rows); the other snapshot has only what nbctl-show.txt prints of it',
        'Load_Balancer captured in full (1 row)',
        'Load_Balancer_Group captured in full (1 row)',
        'Logical_Router_Static_Route captured in full (1 row)',
        'Logical_Router_Policy captured in full (2 rows)',
        'ACL captured in full (2 rows)',
        'Port_Group captured in full (1 row)',
        'Address_Set captured in full (2 rows)',
        'Static_MAC_Binding captured in full (1 row)',
        'DHCP_Options captured in full (1 row)',
      ],
    );
    assert.deepEqual(
      rows.filter((r) => r[0] !== 'ovn.capture.added'),
      [
        [
          'ovn.switch-port.added',
          'logical_switch/join/port/node-kind-control-plane',
          null,
          null,
          'node-kind-control-plane type=vif addresses=[00:00:00:64:00:00:02 100.64.0.2]',
        ],
        [
          'ovn.switch-port.changed',
          'logical_switch/ovn-default/port/client-0.default',
          'type',
          'client-0.default type=vif addresses=[00:00:00:0a:10:00:07 10.16.0.7]',
          'client-0.default type=virtual addresses=[00:00:00:0a:10:00:07 10.16.0.7]',
        ],
        [
          'ovn.router-port.changed',
          'logical_router/ovn-cluster/port/ovn-cluster-external',
          'gateway_chassis',
          'ovn-cluster-external mac=00:00:00:aa:00:03 networks=[172.19.0.2/16] gateway_chassis=[chassis-a chassis-b]',
          'ovn-cluster-external mac=00:00:00:aa:00:03 networks=[172.19.0.2/16] gateway_chassis=[chassis-c chassis-a]',
        ],
        [
          'ovn.nat.changed',
          'logical_router/ovn-cluster/nat/dnat_and_snat 172.19.0.11 10.16.0.5',
          'external_mac,logical_port',
          'dnat_and_snat 172.19.0.11 10.16.0.5',
          'dnat_and_snat 172.19.0.11 10.16.0.5 external_mac=00:00:00:c1:6c:9a logical_port=nginx-0.default',
        ],
      ],
    );
  });

  it('OVN captured in one snapshot only: one change', () => {
    const nb = kubeOvnNorthbound();
    assert.deepEqual(changeRows(diffOvn(null, nb)), [
      ['ovn.capture.added', 'nb', null, null, 'OVN captured (ovn/nb.json, ovn/sb-MAC_Binding.txt, ovn/sbctl-show.txt)'],
    ]);
    assert.deepEqual(
      changeRows(diffOvn(nb, undefined)).map((r) => r[0]),
      ['ovn.capture.removed'],
    );
    assert.deepEqual(diffOvn(null, undefined), []);
  });

  it('southbound: chassis hostname, a port binding moving chassis, a learnt MAC changed; SB MAC_Binding captured on one side only', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    const [a, b] = target.chassis ?? [];
    a.ports = a.ports.filter((p) => p !== 'cr-ovn-cluster-external');
    b.ports.push('cr-ovn-cluster-external');
    b.encaps = ['geneve 172.18.0.30'];
    target.macBindings = [{ logicalPort: 'ovn-cluster-external', ip: '172.19.0.1', mac: '02:42:ac:13:00:99' }];
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.chassis.changed',
        'chassis/chassis-b',
        'encaps',
        'chassis-b hostname=kind-control-plane encaps=[geneve 172.18.0.3]',
        'chassis-b hostname=kind-control-plane encaps=[geneve 172.18.0.30]',
      ],
      [
        'ovn.port-binding.changed',
        'port_binding/cr-ovn-cluster-external',
        'chassis',
        'cr-ovn-cluster-external chassis=chassis-a (kind-worker)',
        'cr-ovn-cluster-external chassis=chassis-b (kind-control-plane)',
      ],
      [
        'ovn.mac-binding.changed',
        'mac_binding/ovn-cluster-external 172.19.0.1',
        'mac',
        'ovn-cluster-external 172.19.0.1 mac=02:42:ac:13:00:01',
        'ovn-cluster-external 172.19.0.1 mac=02:42:ac:13:00:99',
      ],
    ]);
    target.macBindings = null;
    assert.deepEqual(changeRows(diffOvn(base, target)).slice(0, 1), [
      ['ovn.capture.removed', 'sb/MAC_Binding', 'MAC_Binding', 'MAC_Binding captured (sb-MAC_Binding.txt, 1 row)', null],
    ]);
  });

  it('a model without `captured` (built by hand) is compared row by row', () => {
    const base = kubeOvnNorthbound();
    delete base.captured;
    const target = structuredClone(base);
    target.acls = [];
    assert.deepEqual(
      diffOvn(base, target).map((c) => c.kind),
      ['ovn.acl.removed', 'ovn.acl.removed'],
    );
  });
});
