import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { OvnAcl } from '@hookpath/model';
import { changeRows } from '../../testing/ovn-changes';
import { kubeOvnNorthbound, recaptured } from '../../testing/ovn-models';
import { diffOvn } from '../ovn-diff';

const ALLOW_1 = 'outport == @web.default && ip4 && ip4.src == $web.default.ingress.allow.IPv4.1 && tcp.dst == 8080';

describe('OVN diff: ACLs, port groups, address sets', () => {
  it('kube-ovn: a NetworkPolicy gains a rule: one allow-related ACL and one address-set member, though kube-ovn rewrote every row (new UUIDs)', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    const template = target.acls[1];
    target.acls.push({ ...structuredClone(template), uuid: 'acl-web-allow-1', match: ALLOW_1 });
    target.addressSets?.push({ uuid: 'as-web-1', name: 'web.default.ingress.allow.IPv4.1', addresses: ['10.16.0.9'] });
    target.addressSets?.[0].addresses.push('10.16.0.8');
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.acl.added',
        `port_group/web.default/acl/to-lport 2001 "${ALLOW_1}"`,
        null,
        null,
        `to-lport 2001 "${ALLOW_1}" action=allow-related tier=2`,
      ],
      ['ovn.address-set.address-added', 'address_set/web.default.ingress.allow.IPv4.0/address/10.16.0.8', null, null, '10.16.0.8'],
      ['ovn.address-set.added', 'address_set/web.default.ingress.allow.IPv4.1', null, null, 'web.default.ingress.allow.IPv4.1 [10.16.0.9]'],
    ]);
  });

  it('an ACL is keyed by direction, priority, match and attachment: action, tier, label, log, severity, name and options are columns', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    const drop = target.acls[0];
    Object.assign(drop, {
      action: 'reject',
      tier: 1,
      label: 7,
      log: true,
      severity: 'warning',
      name: 'web-default-deny',
      options: { 'log-related': 'true' },
    } satisfies Partial<OvnAcl>);
    const d = diffOvn(base, target);
    assert.deepEqual(changeRows(d), [
      [
        'ovn.acl.changed',
        'port_group/web.default/acl/to-lport 2000 "outport == @web.default && ip"',
        'action,name,tier,label,log,severity,options',
        'to-lport 2000 "outport == @web.default && ip" action=drop tier=2',
        'to-lport 2000 "outport == @web.default && ip" action=reject name=web-default-deny tier=1 label=7 log=true severity=warning options={log-related=true}',
      ],
    ]);
    assert.deepEqual(d[0].place.ovnUuid, { base: 'acl-web-drop', target: 'acl-web-drop-recaptured' });
  });

  it('an ACL moved from a port group to a switch; an ACL on two holders is a row under each; equal keys are told apart by their text', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    target.acls[0].appliesTo = [{ kind: 'switch', name: 'ovn-default' }];
    target.acls[1].appliesTo = [
      { kind: 'port_group', name: 'web.default' },
      { kind: 'switch', name: 'join' },
    ];
    // A second from-lport ACL with the same priority and match, differing in action only.
    const twin = (uuid: string, action: string): OvnAcl => ({
      uuid,
      direction: 'from-lport',
      priority: 1000,
      match: 'ip',
      action,
      appliesTo: [],
    });
    base.acls.push(twin('t1', 'allow'));
    target.acls.push(twin('t2', 'allow'), twin('t3', 'drop'));
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.acl.added',
        'logical_switch/join/acl/to-lport 2001 "outport == @web.default && ip4 && ip4.src == $web.default.ingress.allow.IPv4.0"',
        null,
        null,
        'to-lport 2001 "outport == @web.default && ip4 && ip4.src == $web.default.ingress.allow.IPv4.0" action=allow-related tier=2',
      ],
      [
        'ovn.acl.added',
        'logical_switch/ovn-default/acl/to-lport 2000 "outport == @web.default && ip"',
        null,
        null,
        'to-lport 2000 "outport == @web.default && ip" action=drop tier=2',
      ],
      [
        'ovn.acl.removed',
        'port_group/web.default/acl/to-lport 2000 "outport == @web.default && ip"',
        null,
        'to-lport 2000 "outport == @web.default && ip" action=drop tier=2',
        null,
      ],
      ['ovn.acl.added', 'acl/from-lport 1000 "ip" #2', null, null, 'from-lport 1000 "ip" action=drop'],
    ]);
  });

  it('port group ports one by one; a port group removed with its ACLs', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    target.portGroups?.[0].ports.push('client-0.default');
    base.portGroups?.push({ uuid: 'pg-old', name: 'old.default', ports: ['client-0.default'], acls: ['acl-old'] });
    base.acls.push({
      uuid: 'acl-old',
      direction: 'from-lport',
      priority: 2000,
      match: 'inport == @old.default && ip',
      action: 'drop',
      appliesTo: [{ kind: 'port_group', name: 'old.default' }],
    });
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.acl.removed',
        'port_group/old.default/acl/from-lport 2000 "inport == @old.default && ip"',
        null,
        'from-lport 2000 "inport == @old.default && ip" action=drop',
        null,
      ],
      ['ovn.port-group.removed', 'port_group/old.default', null, 'old.default [client-0.default]', null],
      ['ovn.port-group.port-added', 'port_group/web.default/port/client-0.default', null, null, 'client-0.default'],
    ]);
  });

  it('HA chassis group priorities swapped, a static MAC binding changed, DHCP options changed', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    target.haChassisGroups = [
      {
        uuid: 'x',
        name: 'ovn-cluster-external',
        chassis: [
          { chassis: 'chassis-a', priority: 90 },
          { chassis: 'chassis-b', priority: 100 },
        ],
      },
    ];
    target.staticMacBindings = [
      { uuid: 'y', logicalPort: 'ovn-cluster-external', ip: '172.19.0.254', mac: '02:42:ac:13:00:ff', overrideDynamicMac: true },
    ];
    const dhcp = target.dhcpOptions?.[0];
    assert.ok(dhcp !== undefined);
    dhcp.options = { ...dhcp.options, lease_time: '600' };
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.ha-chassis-group.changed',
        'ha_chassis_group/ovn-cluster-external',
        'ha_chassis',
        'ovn-cluster-external ha_chassis=[chassis-a:100 chassis-b:90]',
        'ovn-cluster-external ha_chassis=[chassis-b:100 chassis-a:90]',
      ],
      [
        'ovn.static-mac-binding.changed',
        'static_mac_binding/ovn-cluster-external 172.19.0.254',
        'mac,override_dynamic_mac',
        'ovn-cluster-external 172.19.0.254 mac=02:42:ac:13:00:fe',
        'ovn-cluster-external 172.19.0.254 mac=02:42:ac:13:00:ff override_dynamic_mac=true',
      ],
      [
        'ovn.dhcp-options.changed',
        'dhcp_options/10.16.0.0/16',
        'options',
        '10.16.0.0/16 options={lease_time=3600,router=10.16.0.1,server_id=169.254.0.254,server_mac=00:00:00:2e:2f:b8}',
        '10.16.0.0/16 options={lease_time=600,router=10.16.0.1,server_id=169.254.0.254,server_mac=00:00:00:2e:2f:b8}',
      ],
    ]);
  });
});
