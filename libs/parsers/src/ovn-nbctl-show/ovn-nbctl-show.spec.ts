import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { buildOvnNorthbound, parseOvnNbctlShow } from './index';

// Fixtures: the seed 002 `ovn-nbctl show` outputs (centralized and distributed clusters) and
// `ovn-nbctl show` (OVN 23.03) captured from rebuilt northbound databases; error-*.out is a
// captured file with lines damaged on purpose.
runGoldens('ovn-nbctl-show', parseOvnNbctlShow);

const EXAMPLES = resolve(__dirname, '../../../../examples');
const ovnFiles = (example: string, names: string[]): { path: string; content: string }[] =>
  names.map((n) => ({ path: `ovn/${n}`, content: readFileSync(join(EXAMPLES, example, 'ovn', n), 'utf8') }));

test('ovn northbound: the centralized example joins NAT rows, gateway priorities and the router load balancer', () => {
  const built = buildOvnNorthbound(
    ovnFiles('002-ovn-fip-snat-dnat', ['nbctl-show.txt', 'nb-NAT.txt', 'nb-Load_Balancer.txt', 'nb-Logical_Router_Port.txt', 'nb-Gateway_Chassis.txt', 'nb-Logical_Router.txt']),
  );
  assert.deepEqual(built.errors, []);
  assert.deepEqual(built.warnings, []);
  const vpc = built.value.routers.find((r) => r.name === 'vpc-75989');
  assert.deepEqual(vpc?.ports.find((p) => p.name === 'vpc-75989-external')?.gatewayChassis, [
    { chassis: '2922af73-b67b-49ab-9a70-018c40af25a7', priority: 100 },
    { chassis: '2e3175b0-2129-4504-a333-0c4ac1f680d7', priority: 99 },
  ]);
  assert.deepEqual(vpc?.loadBalancers, ['dnat-74661']);
  assert.deepEqual(built.value.loadBalancers[0]?.vips, [{ vip: '172.19.0.10:8080', backends: ['192.168.0.3:80'] }]);
  assert.deepEqual(built.value.loadBalancers[0]?.routers, ['vpc-75989']);
  assert.deepEqual(vpc?.nat.find((n) => n.externalIp === '172.19.0.9'), {
    uuid: '513a2811-41ac-47a0-8d41-b7d3a2c08d3a', type: 'snat', externalIp: '172.19.0.9', logicalIp: '192.168.0.0/24', externalMac: null, logicalPort: null, options: {},
  });
});

test('ovn northbound: the distributed example has external_mac, logical_port, stateless and the default route', () => {
  const built = buildOvnNorthbound(
    ovnFiles('002-ovn-fip-distributed', ['nbctl-show.txt', 'nb-NAT.txt', 'nb-Logical_Router_Port.txt', 'nb-Gateway_Chassis.txt', 'nb-Logical_Router_Static_Route.txt', 'nb-Logical_Router.txt']),
  );
  assert.deepEqual(built.errors, []);
  const vpc1 = built.value.routers.find((r) => r.name === 'vpc1');
  assert.deepEqual(vpc1?.nat.find((n) => n.externalIp === '172.19.0.12'), {
    uuid: 'cd5ba8d0-8156-4f89-b279-629be9f3bf94', type: 'dnat_and_snat', externalIp: '172.19.0.12', logicalIp: '192.168.0.2',
    externalMac: '00:00:00:C4:5B:CE', logicalPort: 'nginx-netshoot-0.default', options: { stateless: 'true' },
  });
  assert.deepEqual(vpc1?.staticRoutes.map((r) => [r.ipPrefix, r.nexthop, r.policy]), [['0.0.0.0/0', '172.19.0.1', 'dst-ip']]);
});

test('ovn northbound: errors name the file, line and column; nb.json is kept with a warning', () => {
  const built = buildOvnNorthbound([
    { path: 'ovn/nb-NAT.txt', content: '_uuid               : 1a307979-f0f0-4749-b39e-91a38f7895ce\nexternal_ip         : "172.19.0.11\n' },
    { path: 'ovn/nb.json', content: '{}' },
  ]);
  assert.deepEqual(built.errors.map((e) => [e.file, e.line, e.column]), [['ovn/nb-NAT.txt', 2, 23]]);
  assert.match(built.warnings.map((w) => w.message).join('\n'), /nb\.json .* is not read/);
});
