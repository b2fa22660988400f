import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadExample } from '../pipeline/testing/load-example';
import { natTable } from './nat-table';

describe('natTable: OVN rows', () => {
  it('seed 002: one row per NAT row (centralized on the highest-priority gateway chassis) and per LB VIP, with owners', () => {
    const rows = natTable(loadExample('002-ovn-fip-snat-dnat')).ovn;
    assert.deepEqual(
      rows
        .map((r) => [r.datapath, r.type, r.external, r.externalPorts, r.logical.join(' '), r.placement, r.chassis, r.owner])
        .sort((a, b) => String(a[2]).localeCompare(String(b[2]))),
      [
        ['vpc-75989', 'lb', '172.19.0.10', '8080', '192.168.0.3:80', 'centralized', '2922af73-b67b-49ab-9a70-018c40af25a7', null],
        [
          'vpc-75989',
          'dnat_and_snat',
          '172.19.0.11',
          null,
          '192.168.0.4',
          'centralized',
          '2922af73-b67b-49ab-9a70-018c40af25a7',
          'kube-ovn OvnFip ofip-busybox01 (by addresses)',
        ],
        [
          'vpc-75989',
          'dnat_and_snat',
          '172.19.0.12',
          null,
          '192.168.0.5',
          'centralized',
          '2922af73-b67b-49ab-9a70-018c40af25a7',
          'kube-ovn OvnFip ofip-busybox02 (by addresses)',
        ],
        [
          'vpc-75989',
          'dnat_and_snat',
          '172.19.0.8',
          null,
          '192.168.0.2',
          'centralized',
          '2922af73-b67b-49ab-9a70-018c40af25a7',
          'kube-ovn OvnFip fip-71198 (by addresses)',
        ],
        [
          'vpc-75989',
          'snat',
          '172.19.0.9',
          null,
          '192.168.0.0/24',
          'centralized',
          '2922af73-b67b-49ab-9a70-018c40af25a7',
          'kube-ovn OvnEip snat-eip-76840 (by external IP)',
        ],
      ],
    );
    assert.deepEqual(
      rows.map((r) => r.datapathKind),
      ['router', 'router', 'router', 'router', 'router'],
    );
    const vip = rows.find((r) => r.type === 'lb');
    assert.equal(vip?.protocol, 'tcp');
    assert.equal(vip?.loadBalancer, 'dnat-74661');
    assert.equal(rows.indexOf(vip ?? rows[0]!), 4, 'a router lists its NAT rows, then its VIPs');
  });

  it('seed 002 distributed: a dnat_and_snat with external_mac and logical_port runs on the chassis of that port', () => {
    const rows = natTable(loadExample('002-ovn-fip-distributed')).ovn;
    const fips = rows.filter((r) => r.type === 'dnat_and_snat');
    assert.ok(fips.length >= 2);
    for (const row of fips) {
      assert.equal(row.placement, 'distributed');
      assert.equal(row.chassis, `the chassis of ${row.logicalPort ?? ''}`);
      assert.ok(row.externalMac !== null);
    }
    assert.deepEqual(fips.map((r) => r.owner).sort(), ['kube-ovn OvnFip fip1 (by addresses)', 'kube-ovn OvnFip fip2 (by addresses)']);
  });

  it('a snapshot without ovn/ has no OVN rows', () => {
    assert.deepEqual(natTable({ meta: {}, topology: { links: [], segments: [] }, hosts: [], rawOnly: [], warnings: [] }).ovn, []);
  });
});
