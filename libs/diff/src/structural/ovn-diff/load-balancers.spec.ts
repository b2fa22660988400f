import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { changeRows } from '../../testing/ovn-changes';
import { kubeOvnNorthbound, recaptured } from '../../testing/ovn-models';
import { diffOvn } from '../ovn-diff';

describe('OVN diff: load balancers, VIPs, load balancer groups', () => {
  it('options, selection_fields and health checks of a load balancer; a VIP backend added', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    const lb = target.loadBalancers[0];
    lb.options = { hairpin_snat_ip: '169.254.169.5', skip_snat: 'true' };
    lb.selectionFields = ['tp_src', 'ip_src'];
    lb.healthChecks = [{ vip: '10.96.0.10:53', options: { interval: '5', timeout: '20' } }];
    lb.vips[0].backends.push('10.16.0.4:53');
    const d = diffOvn(base, target);
    assert.deepEqual(changeRows(d), [
      [
        'ovn.load-balancer.changed',
        'load_balancer/cluster-tcp-loadbalancer',
        'options,selection_fields,health_check',
        'cluster-tcp-loadbalancer protocol=tcp',
        'cluster-tcp-loadbalancer protocol=tcp options={hairpin_snat_ip=169.254.169.5,skip_snat=true} selection_fields=[ip_src tp_src] health_check=[10.96.0.10:53{interval=5,timeout=20}]',
      ],
      [
        'ovn.lb-vip.changed',
        'load_balancer/cluster-tcp-loadbalancer/vip/10.96.0.10:53',
        'backends',
        '10.96.0.10:53 -> 10.16.0.2:53,10.16.0.3:53',
        '10.96.0.10:53 -> 10.16.0.2:53,10.16.0.3:53,10.16.0.4:53',
      ],
    ]);
    // A VIP is part of its load balancer's row: the LB's UUIDs, for the step that names the LB.
    assert.deepEqual(d[1].place.ovnUuid, { base: 'lb-cluster-tcp', target: 'lb-cluster-tcp-recaptured' });
  });

  it('a load balancer group gains and loses members (by LB name); a group added', () => {
    const base = kubeOvnNorthbound();
    base.loadBalancers.push({ uuid: 'lb-udp', name: 'cluster-udp-loadbalancer', protocol: 'udp', vips: [], routers: [], switches: [] });
    const target = recaptured(base);
    target.loadBalancerGroups = [
      { uuid: 'g1', name: 'cluster-load-balancer-group', loadBalancers: ['lb-udp-recaptured'] },
      { uuid: 'g2', name: 'vpc1-load-balancer-group', loadBalancers: ['lb-cluster-tcp-recaptured'] },
    ];
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.lb-group.member-removed',
        'load_balancer_group/cluster-load-balancer-group/load_balancer/cluster-tcp-loadbalancer',
        null,
        'cluster-tcp-loadbalancer',
        null,
      ],
      [
        'ovn.lb-group.member-added',
        'load_balancer_group/cluster-load-balancer-group/load_balancer/cluster-udp-loadbalancer',
        null,
        null,
        'cluster-udp-loadbalancer',
      ],
      [
        'ovn.lb-group.added',
        'load_balancer_group/vpc1-load-balancer-group',
        null,
        null,
        'vpc1-load-balancer-group [cluster-tcp-loadbalancer]',
      ],
    ]);
  });

  it('a switch stops using a load balancer: a change of the switch, not of the load balancer', () => {
    const base = kubeOvnNorthbound();
    const target = recaptured(base);
    target.switches[0].loadBalancers = [];
    target.loadBalancers[0].switches = [];
    assert.deepEqual(changeRows(diffOvn(base, target)), [
      [
        'ovn.switch.changed',
        'logical_switch/ovn-default',
        'load_balancer',
        'ovn-default load_balancer=[cluster-tcp-loadbalancer] other_config={exclude_ips=10.16.0.1,subnet=10.16.0.0/16}',
        'ovn-default other_config={exclude_ips=10.16.0.1,subnet=10.16.0.0/16}',
      ],
    ]);
  });
});
