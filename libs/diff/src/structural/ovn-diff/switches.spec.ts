import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { changeRows } from '../../testing/ovn-changes';
import { kubeOvnNorthbound, recaptured, switchOf } from '../../testing/ovn-models';
import { diffOvn } from '../ovn-diff';

describe('OVN diff: switches and switch ports', () => {
  it('the same database captured again (every UUID new) is no change', () => {
    const base = kubeOvnNorthbound();
    assert.deepEqual(diffOvn(base, recaptured(base)), []);
  });

  it('port security, options, parent and tag, enabled, dynamic addresses and DHCP options of a port: one change naming the columns', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    const nginx = switchOf(target, 'ovn-default').ports[0];
    nginx.portSecurity = ['00:00:00:0a:10:00:05 10.16.0.5 10.16.0.50'];
    nginx.options = { 'requested-chassis': 'kind-worker' };
    nginx.enabled = false;
    const client = switchOf(target, 'ovn-default').ports[1];
    client.parentName = 'nginx-0.default';
    client.tag = 42;
    client.dynamicAddresses = '00:00:00:0a:10:00:07 10.16.0.7';
    client.dhcpv4Options = target.dhcpOptions?.[0].uuid ?? null;
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.switch-port.changed',
        'logical_switch/ovn-default/port/client-0.default',
        'parent_name,tag,dynamic_addresses,dhcpv4_options',
        'client-0.default type=vif addresses=[00:00:00:0a:10:00:07 10.16.0.7] port_security=[00:00:00:0a:10:00:07 10.16.0.7]',
        'client-0.default type=vif addresses=[00:00:00:0a:10:00:07 10.16.0.7] port_security=[00:00:00:0a:10:00:07 10.16.0.7] parent_name=nginx-0.default tag=42 dynamic_addresses=00:00:00:0a:10:00:07 10.16.0.7 dhcpv4_options=10.16.0.0/16',
      ],
      [
        'ovn.switch-port.changed',
        'logical_switch/ovn-default/port/nginx-0.default',
        'port_security,options,enabled',
        'nginx-0.default type=vif addresses=[00:00:00:0a:10:00:05 10.16.0.5] port_security=[00:00:00:0a:10:00:05 10.16.0.5] dhcpv4_options=10.16.0.0/16',
        'nginx-0.default type=vif addresses=[00:00:00:0a:10:00:05 10.16.0.5] port_security=[00:00:00:0a:10:00:05 10.16.0.5 10.16.0.50] options={requested-chassis=kind-worker} enabled=false dhcpv4_options=10.16.0.0/16',
      ],
    ]);
  });

  it("a switch's load balancer group and other_config; a port added, a port removed; the UUIDs of each side in place.ovnUuid", () => {
    const base = kubeOvnNorthbound();
    const target = structuredClone(base);
    const sw = switchOf(target, 'ovn-default');
    sw.loadBalancerGroups = ['lbg-cluster'];
    sw.otherConfig = { ...sw.otherConfig, exclude_ips: '10.16.0.1..10.16.0.10' };
    sw.ports = sw.ports.filter((p) => p.name !== 'client-0.default');
    switchOf(target, 'join').ports.push({
      name: 'node-kind-control-plane',
      uuid: 'lsp-node-cp',
      type: '',
      addresses: ['00:00:00:64:00:00:02 100.64.0.2'],
      routerPort: null,
    });
    const d = diffOvn(base, target);
    assert.deepEqual(changeRows(d), [
      [
        'ovn.switch-port.added',
        'logical_switch/join/port/node-kind-control-plane',
        null,
        null,
        'node-kind-control-plane type=vif addresses=[00:00:00:64:00:00:02 100.64.0.2]',
      ],
      [
        'ovn.switch.changed',
        'logical_switch/ovn-default',
        'load_balancer_group,other_config',
        'ovn-default load_balancer=[cluster-tcp-loadbalancer] other_config={exclude_ips=10.16.0.1,subnet=10.16.0.0/16}',
        'ovn-default load_balancer=[cluster-tcp-loadbalancer] load_balancer_group=[cluster-load-balancer-group] other_config={exclude_ips=10.16.0.1..10.16.0.10,subnet=10.16.0.0/16}',
      ],
      [
        'ovn.switch-port.removed',
        'logical_switch/ovn-default/port/client-0.default',
        null,
        'client-0.default type=vif addresses=[00:00:00:0a:10:00:07 10.16.0.7] port_security=[00:00:00:0a:10:00:07 10.16.0.7]',
        null,
      ],
    ]);
    assert.deepEqual(
      d.map((c) => c.place.ovnUuid),
      [{ target: 'lsp-node-cp' }, { base: 'ls-ovn-default', target: 'ls-ovn-default' }, { base: 'lsp-client-0' }],
    );
  });
});
