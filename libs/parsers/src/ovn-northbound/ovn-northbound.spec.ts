import { OVN_TABLES, type OvnLogicalRouter } from '@hookpath/model';
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { OvnNorthbound } from '@hookpath/model';
import { FIXTURES_ROOT } from '../testing/golden';
import { buildOvnNorthbound, type OvnFile } from './index';

// Inputs: the seed 002 examples (real kube-ovn output) and one northbound database built by
// ../../fixtures/ovn-nb-json/capture.sh, captured four ways (nb.json, nb-<Table>.txt for every
// table, nbctl-show.txt, sbctl-show.txt). The built model of the capture is the golden
// fixtures/ovn-northbound/full.json (UPDATE_GOLDEN=1 rewrites it; review the diff).

const EXAMPLES = resolve(__dirname, '../../../../examples');
const example = (name: string, files: string[]): OvnFile[] =>
  files.map((n) => ({ path: `ovn/${n}`, content: readFileSync(join(EXAMPLES, name, 'ovn', n), 'utf8') }));
const fixture = (dir: string, name: string): string => readFileSync(join(FIXTURES_ROOT, dir, name), 'utf8');

const nbJson: OvnFile = { path: 'ovn/nb.json', content: fixture('ovn-nb-json', 'full.out') };
const nbctlShow: OvnFile = { path: 'ovn/nbctl-show.txt', content: fixture('ovn-nbctl-show', 'full.out') };
const sbctlShow: OvnFile = { path: 'ovn/sbctl-show.txt', content: fixture('ovn-sbctl-show', 'full.out') };
const sbMacBindings: OvnFile = { path: 'ovn/sb-MAC_Binding.txt', content: fixture('ovn-nbctl-list', 'sb-MAC_Binding.out') };
const lists = (tables?: string[]): OvnFile[] =>
  readdirSync(join(FIXTURES_ROOT, 'ovn-nbctl-list'))
    .filter((f) => f.startsWith('full-') && f.endsWith('.out'))
    .map((f) => f.slice('full-'.length, -'.out'.length))
    .filter((t) => tables === undefined || tables.includes(t))
    .map((t) => ({ path: `ovn/nb-${t}.txt`, content: fixture('ovn-nbctl-list', `full-${t}.out`) }));
const withoutFiles = (v: OvnNorthbound): Partial<OvnNorthbound> => {
  const rest: Partial<OvnNorthbound> = JSON.parse(JSON.stringify(v)) as OvnNorthbound;
  delete rest.files;
  return rest;
};

test('ovn northbound: the model of the capture (nb.json, sbctl-show.txt, sb-MAC_Binding.txt) matches its golden', () => {
  const built = JSON.parse(JSON.stringify(buildOvnNorthbound([nbJson, sbctlShow, sbMacBindings]))) as unknown;
  const path = join(FIXTURES_ROOT, 'ovn-northbound', 'full.json');
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, `${JSON.stringify(built, null, 2)}\n`);
  assert.ok(existsSync(path), `missing golden ${path} (run with UPDATE_GOLDEN=1 and review it)`);
  assert.deepStrictEqual(built, JSON.parse(readFileSync(path, 'utf8')));
});

test('ovn northbound: nb.json, every nb-<Table>.txt, and all sources together build the same model', () => {
  const fromJson = buildOvnNorthbound([nbJson, sbctlShow, sbMacBindings]);
  const fromLists = buildOvnNorthbound([...lists(), sbctlShow, sbMacBindings]);
  const fromAll = buildOvnNorthbound([nbJson, ...lists(), nbctlShow, sbctlShow, sbMacBindings]);
  for (const b of [fromJson, fromLists, fromAll]) assert.deepEqual(b.errors, []);
  assert.deepEqual(withoutFiles(fromLists.value), withoutFiles(fromJson.value));
  assert.deepEqual(withoutFiles(fromAll.value), withoutFiles(fromJson.value));
  assert.deepEqual(fromJson.value.captured, OVN_TABLES);
  assert.deepEqual(fromJson.value.macBindings, [{ logicalPort: 'ovn-cluster-external', ip: '172.19.0.3', mac: '00:00:00:00:01:03' }]);
  assert.equal(fromJson.value.chassis?.find((c) => c.name === 'node-1')?.hostname, 'kube-ovn-worker');
  // Tables the model does not read are named, never dropped silently.
  assert.deepEqual(
    fromJson.warnings.map((w) => w.message),
    ['table BFD (1 rows) is not used by the OVN model; ignored'],
  );
  assert.deepEqual(
    fromLists.warnings.map((w) => [w.file, w.message]),
    [['ovn/nb-BFD.txt', 'table BFD is not used by the OVN model; ignored']],
  );
});

const cluster0 = (nb: ReturnType<typeof buildOvnNorthbound>['value']): OvnLogicalRouter =>
  nb.routers.find((r) => r.name === 'ovn-cluster') ?? assert.fail('no ovn-cluster');

test('ovn northbound: a match OVN would refuse is an error at its file, line and column', () => {
  const list = 'ovn/nb-ACL.txt';
  const content = [
    '_uuid               : 0b1b2b3b-0000-4000-8000-000000000001',
    'action              : drop',
    'direction           : to-lport',
    'match               : "ip4.src == 10.0.0.1 && tcp.dst == 80 || udp"',
    'priority            : 1000',
    '',
  ].join('\n');
  const built = buildOvnNorthbound([{ path: list, content }]);
  assert.equal(built.value.acls[0]?.matchExpr, null);
  const issue = built.errors[0];
  assert.deepEqual([issue?.file, issue?.line, issue?.column], [list, 4, 61]);
  assert.match(issue?.message ?? '', /&& and \|\| must be parenthesized|parenthes/);
});

test('ovn northbound: ACLs apply where switches and port groups hold them; LBs reach through groups; policies by priority', () => {
  const nb = buildOvnNorthbound([nbJson]).value;
  const acl = (priority: number, direction: string) => nb.acls.find((a) => a.priority === priority && a.direction === direction);
  assert.deepEqual(acl(1000, 'to-lport')?.appliesTo, [
    { kind: 'switch', name: 'ovn-default' },
    { kind: 'port_group', name: 'pg_ns1' },
  ]);
  const { matchExpr, ...dns } = acl(2001, 'to-lport') ?? { matchExpr: null };
  assert.equal(matchExpr?.kind, 'and');
  assert.ok(
    nb.acls.every((a) => a.matchExpr !== null && a.matchExpr !== undefined) &&
      (cluster0(nb).policies ?? []).every((p) => p.matchExpr !== null && p.matchExpr !== undefined),
    'every match parses',
  );
  assert.deepEqual(dns, {
    uuid: acl(2001, 'to-lport')?.uuid,
    direction: 'to-lport',
    priority: 2001,
    match: 'outport == @pg_ns1 && ip4.src == $as_pods && udp.dst == 53',
    action: 'allow-related',
    name: 'np-allow-dns',
    tier: 0,
    label: 1234,
    log: true,
    severity: null,
    options: { 'apply-after-lb': 'true' },
    externalIds: {},
    appliesTo: [{ kind: 'port_group', name: 'pg_ns1' }],
  });
  const lb = nb.loadBalancers.find((l) => l.name === 'lb-cluster-udp');
  assert.deepEqual([lb?.routers, lb?.switches], [['ovn-cluster'], ['ovn-default']]);
  const cluster = nb.routers.find((r) => r.name === 'ovn-cluster');
  assert.deepEqual(cluster?.loadBalancers, []);
  assert.deepEqual(cluster?.loadBalancerGroups, ['cluster-lbs']);
  assert.deepEqual(
    cluster?.policies?.map((p) => [p.priority, p.action, p.nexthops]),
    [
      [31000, 'allow', []],
      [30000, 'allow', []],
      [29000, 'drop', []],
      [25000, 'reroute', ['100.64.0.2', '100.64.0.3']],
      [20000, 'reroute', ['100.64.0.2']],
    ],
  );
  assert.deepEqual(cluster?.ports.find((p) => p.name === 'ovn-cluster-external')?.gatewayChassis, [
    { chassis: 'gw-1', priority: 100 },
    { chassis: 'node-1', priority: 90 },
  ]);
  assert.equal(nb.routers.find((r) => r.name === 'vpc-2')?.ports.find((p) => p.name === 'vpc-2-external')?.haChassisGroup, 'vpc-2-gw');
  assert.deepEqual(nb.haChassisGroups?.[0]?.chassis, [
    { chassis: 'gw-1', priority: 30 },
    { chassis: '2e3175b0-2129-4504-a333-0c4ac1f680d7', priority: 20 },
  ]);
  const nat = cluster?.nat.find((n) => n.externalIp === '172.19.0.9');
  assert.deepEqual(
    [nat?.allowedExtIps, cluster?.nat.find((n) => n.externalIp === '172.19.0.15')?.gatewayPort],
    ['as_allowed_ext', 'ovn-cluster-external'],
  );
  const routes = cluster?.staticRoutes.filter((r) => r.ipPrefix === '0.0.0.0/0').map((r) => [r.nexthop, r.routeTable, r.outputPort]);
  assert.deepEqual(routes?.sort(), [
    ['100.64.0.2', 'rtb-pods', 'ovn-cluster-join'],
    ['172.19.0.1', '', null],
  ]);
  const ctr = nb.switches.find((s) => s.name === 'ovn-default')?.ports.find((p) => p.name === 'ctr-1.ns2');
  assert.deepEqual([ctr?.parentName, ctr?.tag], ['vm-c.ns2', 42]);
});

test('ovn northbound: nbctl-show.txt alone captures no table in full, and shows the same topology', () => {
  const shown = buildOvnNorthbound([nbctlShow]);
  const full = buildOvnNorthbound([nbJson]).value;
  assert.deepEqual([shown.errors, shown.warnings, shown.value.captured], [[], [], []]);
  const outline = (v: OvnNorthbound) => ({
    // show prints no addresses for router-type ports (the table holds "router").
    switches: v.switches.map((s) => [
      s.name,
      s.uuid,
      s.ports.map((p) => [p.name, p.type, p.type === 'router' ? [] : p.addresses, p.routerPort, p.parentName ?? null, p.tag ?? null]),
    ]),
    routers: v.routers.map((r) => [
      r.name,
      r.uuid,
      r.ports.map((p) => [p.name, p.mac, p.networks]),
      r.nat.map((n) => [n.uuid, n.type, n.externalIp, n.logicalIp]).sort(),
    ]),
  });
  assert.deepEqual(outline(shown.value), {
    ...outline(full),
    routers: outline(full).routers.map(([n, u, p, nat]) => [n, u, p, (nat as unknown[]).sort()]),
  });
});

test('ovn northbound: nbctl-show.txt with some tables: rows complete shown ports and NAT entries', () => {
  const built = buildOvnNorthbound([nbctlShow, ...lists(['Logical_Router_Port', 'Gateway_Chassis', 'NAT'])]);
  assert.deepEqual(built.errors, []);
  assert.deepEqual(built.warnings, []);
  assert.deepEqual(built.value.captured, ['Logical_Router_Port', 'Gateway_Chassis', 'NAT']);
  const ext = built.value.routers.find((r) => r.name === 'ovn-cluster')?.ports.find((p) => p.name === 'ovn-cluster-external');
  assert.deepEqual(ext?.gatewayChassis, [
    { chassis: 'gw-1', priority: 100 },
    { chassis: 'node-1', priority: 90 },
  ]);
  const fip = built.value.routers.find((r) => r.name === 'ovn-cluster')?.nat.find((n) => n.externalIp === '172.19.0.12');
  assert.deepEqual([fip?.externalMac, fip?.logicalPort], ['00:00:00:ee:00:12', 'pod-a.ns1']);
  // Without Logical_Router_Port, Gateway_Chassis rows are joined by their name "<port>-<chassis>".
  const byName = buildOvnNorthbound([nbctlShow, ...lists(['Gateway_Chassis'])]);
  assert.deepEqual(byName.warnings, []);
  assert.deepEqual(
    byName.value.routers.find((r) => r.name === 'ovn-cluster')?.ports.find((p) => p.name === 'ovn-cluster-external')?.gatewayChassis,
    ext?.gatewayChassis,
  );
});

test('ovn northbound: an empty nb-ACL.txt is captured and empty; a missing one is not captured', () => {
  const empty = buildOvnNorthbound([nbctlShow, { path: 'ovn/nb-ACL.txt', content: '' }]);
  assert.deepEqual([empty.value.captured, empty.value.acls], [['ACL'], []]);
  assert.deepEqual(buildOvnNorthbound([nbctlShow]).value.captured, []);
});

test('ovn northbound: rows that belong to nothing the snapshot shows are reported, not dropped silently', () => {
  const built = buildOvnNorthbound(lists(['NAT', 'Logical_Router_Static_Route']));
  assert.deepEqual(built.value.routers, []);
  const rowsIn = (t: string) => (fixture('ovn-nbctl-list', `full-${t}.out`).match(/^_uuid /gm) ?? []).length;
  assert.equal(built.warnings.length, rowsIn('NAT') + rowsIn('Logical_Router_Static_Route'));
  assert.match(built.warnings[0]?.message ?? '', /^NAT row [0-9a-f-]{36} belongs to no router the snapshot shows; ignored$/);
  assert.equal(built.warnings[0]?.line, 1);
  // A row of nb-<Table>.txt that nb.json (which wins) lacks.
  const extra = fixture('ovn-nbctl-list', 'full-Address_Set.out').replace(
    /^_uuid +: [0-9a-f-]+/,
    '_uuid               : 00000000-0000-4000-8000-000000000001',
  );
  const both = buildOvnNorthbound([nbJson, { path: 'ovn/nb-Address_Set.txt', content: extra }]);
  assert.deepEqual(
    both.warnings.filter((w) => w.file === 'ovn/nb-Address_Set.txt').map((w) => [w.line, w.message]),
    [[1, 'Address_Set row 00000000-0000-4000-8000-000000000001 is not in ovn/nb.json, which holds the table and wins; ignored']],
  );
});

test('ovn northbound: errors name the file, line and column', () => {
  const built = buildOvnNorthbound([
    { path: 'ovn/nb-NAT.txt', content: '_uuid               : 1a307979-f0f0-4749-b39e-91a38f7895ce\nexternal_ip         : "172.19.0.11\n' },
    {
      path: 'ovn/nb-Logical_Router_Policy.txt',
      content: '_uuid               : 0f53edfc-b851-4f89-afaf-507323d463e4\naction              : jump\npriority            : 10\n',
    },
    { path: 'ovn/nb.json', content: '{"caption":"ACL table",\n"data":[[1,]],"headings":["_uuid"]}' },
    {
      path: 'ovn/nb-Logical_Router.txt',
      content:
        '_uuid               : 374d0e33-a2ff-413e-9dd1-cad108e82cc6\nname                : r1\nnat                 : [1a307979-f0f0-4749-b39e-91a38f7895ce]\npolicies            : [0f53edfc-b851-4f89-afaf-507323d463e4]\n',
    },
  ]);
  // The NAT row lost its only other column to the damage, so its type is reported at the row.
  assert.deepEqual(
    built.errors.map((e) => [e.file, e.line, e.column]),
    [
      ['ovn/nb-NAT.txt', 2, 23],
      ['ovn/nb.json', 2, 12],
      ['ovn/nb-NAT.txt', 1, 1],
      ['ovn/nb-Logical_Router_Policy.txt', 2, 23],
    ],
  );
  assert.deepEqual(
    built.errors.slice(2).map((e) => e.message),
    ['NAT row has type "" (snat, dnat, dnat_and_snat)', 'router policy action "jump" (allow, drop, reroute)'],
  );
});

test('ovn northbound: the centralized seed joins NAT rows, gateway priorities and the router load balancer', () => {
  const built = buildOvnNorthbound(example('002-ovn-fip-snat-dnat', ['nbctl-show.txt', 'nb.json', 'sbctl-show.txt', 'sb-MAC_Binding.txt']));
  assert.deepEqual(built.errors, []);
  assert.deepEqual(built.warnings, []);
  assert.deepEqual(built.value.captured, OVN_TABLES);
  assert.deepEqual(built.value.chassis?.map((c) => c.hostname).sort(), ['kube-ovn-control-plane', 'kube-ovn-worker']);
  assert.deepEqual(built.value.macBindings?.map((b) => `${b.logicalPort} ${b.ip} ${b.mac}`).sort(), [
    'ovn-cluster-external 172.19.0.1 02:42:57:db:a9:c6',
    'vpc-75989-external 172.19.0.1 02:42:57:db:a9:c6',
  ]);
  const vpc = built.value.routers.find((r) => r.name === 'vpc-75989');
  assert.deepEqual(vpc?.ports.find((p) => p.name === 'vpc-75989-external')?.gatewayChassis, [
    { chassis: '2922af73-b67b-49ab-9a70-018c40af25a7', priority: 100 },
    { chassis: '2e3175b0-2129-4504-a333-0c4ac1f680d7', priority: 99 },
  ]);
  assert.deepEqual(vpc?.loadBalancers, ['dnat-74661']);
  assert.deepEqual(built.value.loadBalancers[0]?.vips, [{ vip: '172.19.0.10:8080', backends: ['192.168.0.3:80'] }]);
  assert.deepEqual(built.value.loadBalancers[0]?.routers, ['vpc-75989']);
  assert.deepEqual(
    vpc?.nat.find((n) => n.externalIp === '172.19.0.9'),
    {
      uuid: '513a2811-41ac-47a0-8d41-b7d3a2c08d3a',
      type: 'snat',
      externalIp: '172.19.0.9',
      logicalIp: '192.168.0.0/24',
      externalMac: null,
      logicalPort: null,
      options: {},
      gatewayPort: null,
      allowedExtIps: null,
      exemptedExtIps: null,
      externalPortRange: null,
      externalIds: vpc?.nat.find((n) => n.externalIp === '172.19.0.9')?.externalIds,
    },
  );
  // kube-ovn's router-type switch ports carry the address "router" (show does not print it).
  assert.deepEqual(
    built.value.switches.find((sw) => sw.name === 'external')?.ports.find((p) => p.name === 'external-vpc-75989')?.addresses,
    ['router'],
  );
});

test('ovn northbound: the distributed seed has external_mac, logical_port, stateless and the default route', () => {
  const built = buildOvnNorthbound(
    example('002-ovn-fip-distributed', [
      'nbctl-show.txt',
      'nb-NAT.txt',
      'nb-Logical_Router_Port.txt',
      'nb-Gateway_Chassis.txt',
      'nb-Logical_Router_Static_Route.txt',
      'nb-Logical_Router.txt',
    ]),
  );
  assert.deepEqual(built.errors, []);
  const vpc1 = built.value.routers.find((r) => r.name === 'vpc1');
  const fip = vpc1?.nat.find((n) => n.externalIp === '172.19.0.12');
  assert.deepEqual(
    [fip?.uuid, fip?.type, fip?.logicalIp, fip?.externalMac, fip?.logicalPort, fip?.options],
    [
      'cd5ba8d0-8156-4f89-b279-629be9f3bf94',
      'dnat_and_snat',
      '192.168.0.2',
      '00:00:00:C4:5B:CE',
      'nginx-netshoot-0.default',
      { stateless: 'true' },
    ],
  );
  assert.deepEqual(
    vpc1?.staticRoutes.map((r) => [r.ipPrefix, r.nexthop, r.policy]),
    [['0.0.0.0/0', '172.19.0.1', 'dst-ip']],
  );
});
