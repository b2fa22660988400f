import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadExample } from '../testing/models';
import { recaptured } from '../testing/ovn-models';
import { diffOvn } from './ovn-diff';
import { structuralDiff } from './structural-diff';

describe('structural diff: OVN', () => {
  const base = loadExample('002-ovn-fip-snat-dnat');

  it('the same database is no change', () => {
    assert.deepEqual(structuralDiff(base, loadExample('002-ovn-fip-snat-dnat')).changes, []);
  });

  it('the same database with every row under a new UUID is no change (rows are keyed by what they are)', () => {
    const ovn = base.ovn;
    assert.ok(ovn !== null && ovn !== undefined);
    assert.deepEqual(diffOvn(ovn, recaptured(ovn)), []);
  });

  it('a FIP removed, a FIP made distributed, an LB backend moved, a pod port added', () => {
    const target = structuredClone(base);
    const ovn = target.ovn;
    assert.ok(ovn !== null && ovn !== undefined);
    const vpc = ovn.routers.find((r) => r.name === 'vpc-75989');
    assert.ok(vpc !== undefined);
    vpc.nat = vpc.nat.filter((n) => n.externalIp !== '172.19.0.8');
    const fip = vpc.nat.find((n) => n.externalIp === '172.19.0.11');
    assert.ok(fip !== undefined);
    fip.externalMac = '00:00:00:aa:bb:cc';
    fip.logicalPort = 'fip-busybox01.default';
    ovn.loadBalancers[0].vips[0].backends = ['192.168.0.6:80'];
    ovn.switches
      .find((s) => s.name === 'overlay-subnet-73569')
      ?.ports.push({ name: 'fip-busybox03.default', uuid: null, type: '', addresses: ['00:00:00:11:22:33 192.168.0.6'], routerPort: null });
    const d = structuralDiff(base, target);
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.place.ovn, c.before ?? null, c.after ?? null]),
      [
        [
          'ovn.switch-port.added',
          'logical_switch/overlay-subnet-73569/port/fip-busybox03.default',
          null,
          'fip-busybox03.default type=vif addresses=[00:00:00:11:22:33 192.168.0.6]',
        ],
        [
          'ovn.nat.changed',
          'logical_router/vpc-75989/nat/dnat_and_snat 172.19.0.11 192.168.0.4',
          'dnat_and_snat 172.19.0.11 192.168.0.4',
          'dnat_and_snat 172.19.0.11 192.168.0.4 external_mac=00:00:00:aa:bb:cc logical_port=fip-busybox01.default',
        ],
        [
          'ovn.nat.removed',
          'logical_router/vpc-75989/nat/dnat_and_snat 172.19.0.8 192.168.0.2',
          'dnat_and_snat 172.19.0.8 192.168.0.2',
          null,
        ],
        [
          'ovn.lb-vip.changed',
          'load_balancer/dnat-74661/vip/172.19.0.10:8080',
          '172.19.0.10:8080 -> 192.168.0.3:80',
          '172.19.0.10:8080 -> 192.168.0.6:80',
        ],
      ],
    );
  });
});
