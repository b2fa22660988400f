import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import type { OvnPortBinding, ParseIssue, SnapshotFile } from '@hookpath/model';
import { FIXTURES_ROOT } from '../testing/golden';
import { parseSnapshot } from './parse-snapshot';

// A node, two pods and a VPC NAT gateway pod plugged by kube-ovn's CNI into real namespaces, the
// node's OVS Interface table and the OVN databases from a private ovn-northd
// (fixtures/ovs-interfaces/capture.sh). No topology.yaml: every binding is derived.
const SNAPSHOT = join(FIXTURES_ROOT, 'ovs-interfaces', 'snapshot');
const NODE = 'kube-ovn-worker';
const CHASSIS = '6c2d8a4e-1f3b-4c5d-9e7a-0b1c2d3e4f50';

function captured(): SnapshotFile[] {
  const files: SnapshotFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push({ path: relative(SNAPSHOT, path).split(sep).join('/'), content: readFileSync(path, 'utf8') });
    }
  };
  walk(SNAPSHOT);
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The files of one host folder copied under another name (meta.yaml replaced when given). */
function copyHost(files: readonly SnapshotFile[], from: string, to: string, meta?: string): SnapshotFile[] {
  const copies = files
    .filter((f) => f.path.startsWith(`hosts/${from}/`))
    .map((f) => ({
      path: f.path.replace(`hosts/${from}/`, `hosts/${to}/`),
      content: f.path.endsWith('/meta.yaml') && meta !== undefined ? meta : f.content,
    }));
  return [...files, ...copies];
}

const without = (files: readonly SnapshotFile[], prefix: string): SnapshotFile[] => files.filter((f) => !f.path.startsWith(prefix));

function parse(files: readonly SnapshotFile[]): { ports: string[]; chassis: Record<string, string> | undefined; warnings: string[] } {
  const { model, errors } = parseSnapshot(files);
  assert.deepEqual(errors, []);
  const show = (b: OvnPortBinding): string => `${b.port} -> ${b.endpoint.host}:${b.endpoint.iface} (${b.source})`;
  const relevant = (w: ParseIssue): boolean => /OVN port|chassis/.test(w.message);
  return {
    ports: (model.topology.ovn?.ports ?? []).map(show),
    chassis: model.topology.ovn?.chassis,
    warnings: model.warnings.filter(relevant).map((w) => `${w.file}: ${w.message}`),
  };
}

describe('OVN <-> host bindings derived from ovs-interfaces.json and sbctl-show.txt', () => {
  it('binds each pod port to the veth peer of its _h end, the node port to ovn0, the chassis to the node', () => {
    const { model } = parseSnapshot(captured());
    const node = model.hosts.find((h) => h.name === NODE);
    assert.deepEqual(
      node?.ovsInterfaces?.map((i) => [i.name, i.type, i.externalIds['iface-id'] ?? null]),
      [
        ['9c47e1b2a0f3_h', '', 'app-b.default'],
        ['5e8d0c3b7a21_h', '', 'vpc-nat-gw-gw1-0.kube-system'],
        ['ovn-8a1c2e-0', 'geneve', null],
        ['3f2a91c0d4e8_h', '', 'app-a.default'],
        ['br-int', 'internal', null],
        ['ovn0', 'internal', 'node-kube-ovn-worker'],
      ],
    );
    // ip -j -d link: the node's 3f2a91c0d4e8_h is ifindex 5 with peer 4 (link_netnsid 1); app-a's eth0 is ifindex 4 with peer 5.
    const a = model.hosts.find((h) => h.name === 'app-a')?.interfaces?.find((i) => i.name === 'eth0');
    const h = node?.interfaces?.find((i) => i.name === '3f2a91c0d4e8_h');
    assert.deepEqual([a?.ifindex, a?.linkIndex, h?.ifindex, h?.linkIndex], [h?.linkIndex, h?.ifindex, a?.linkIndex, a?.ifindex]);
    assert.deepEqual(parse(captured()), {
      ports: [
        'app-b.default -> app-b:eth0 (derived)',
        'vpc-nat-gw-gw1-0.kube-system -> vpc-nat-gw-gw1-0:eth0 (derived)',
        'app-a.default -> app-a:eth0 (derived)',
        'node-kube-ovn-worker -> kube-ovn-worker:ovn0 (derived)',
      ],
      // kube-ovn-control-plane has no host folder: not mapped, and no warning (a node not captured)
      chassis: { [CHASSIS]: NODE },
      warnings: [],
    });
  });

  it('a peer two pod folders could be is ambiguous: a warning, no binding', () => {
    const files = copyHost(captured(), 'app-a', 'app-a-again', 'role: pod\n');
    const { ports, warnings } = parse(files);
    assert.ok(!ports.some((p) => p.startsWith('app-a.default')));
    assert.deepEqual(warnings, [
      `hosts/${NODE}/ovs-interfaces.json: OVN port app-a.default is not bound: the peer of ${NODE}:3f2a91c0d4e8_h (ifindex 4, peer ifindex 5) is ambiguous: app-a:eth0, app-a-again:eth0; name the node in their meta.yaml or bind the port in topology.yaml ovn.ports`,
    ]);
  });

  it('a pod whose meta.yaml names another node is not a candidate', () => {
    const files = copyHost(captured(), 'app-a', 'app-a-elsewhere', 'role: pod\nnode: kube-ovn-control-plane\n');
    const { ports, warnings } = parse(files);
    assert.ok(ports.includes('app-a.default -> app-a:eth0 (derived)'));
    assert.deepEqual(warnings, []);
  });

  it('a peer that was not captured: a warning, no binding', () => {
    const { ports, warnings } = parse(without(captured(), 'hosts/app-b/'));
    assert.ok(!ports.some((p) => p.startsWith('app-b.default')));
    assert.deepEqual(warnings, [
      `hosts/${NODE}/ovs-interfaces.json: OVN port app-b.default is not bound: no captured host has the peer of ${NODE}:9c47e1b2a0f3_h (an interface with ifindex 6 whose peer is ifindex 7)`,
    ]);
  });

  it('a node whose ip-link/ip-addr was not captured: its veth ends cannot be followed, ovn0 is still its own', () => {
    const files = captured().filter((f) => !f.path.startsWith(`hosts/${NODE}/ip-`));
    const { ports, warnings } = parse(files);
    assert.deepEqual(ports, ['node-kube-ovn-worker -> kube-ovn-worker:ovn0 (derived)']);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0] ?? '', /OVN port app-b\.default is not bound: kube-ovn-worker's ip-link\/ip-addr was not captured/);
  });

  it('the same port plugged on two nodes is ambiguous', () => {
    const files = copyHost(captured(), NODE, 'kube-ovn-worker-2', 'role: node\n');
    const { ports, warnings } = parse(files);
    assert.ok(!ports.some((p) => p.startsWith('node-kube-ovn-worker')));
    assert.ok(
      warnings.includes(
        `hosts/${NODE}/ovs-interfaces.json: OVN port node-kube-ovn-worker is not bound: hosts/${NODE}/ovs-interfaces.json leads to ${NODE}:ovn0, hosts/kube-ovn-worker-2/ovs-interfaces.json leads to kube-ovn-worker-2:ovn0; bind it in topology.yaml ovn.ports`,
      ),
      warnings.join('\n'),
    );
  });

  it("topology.yaml's bindings win; derived ones fill in the ports, interfaces and chassis it does not mention", () => {
    const topology = [
      'ovn:',
      '  ports:',
      '    - [ovn:app-b.default, vpc-nat-gw-gw1-0:eth0]',
      '  chassis:',
      `    ${CHASSIS}: app-a`,
      '',
    ].join('\n');
    const { ports, chassis, warnings } = parse([...captured(), { path: 'topology.yaml', content: topology }]);
    assert.deepEqual(ports, [
      'app-b.default -> vpc-nat-gw-gw1-0:eth0 (topology)',
      'app-a.default -> app-a:eth0 (derived)',
      'node-kube-ovn-worker -> kube-ovn-worker:ovn0 (derived)',
    ]);
    assert.deepEqual(chassis, { [CHASSIS]: 'app-a' });
    assert.deepEqual(warnings, [
      `hosts/${NODE}/ovs-interfaces.json: OVN port app-b.default: topology.yaml binds it to vpc-nat-gw-gw1-0:eth0, hosts/${NODE}/ovs-interfaces.json leads to app-b:eth0; topology.yaml wins`,
      `hosts/${NODE}/ovs-interfaces.json: OVN port vpc-nat-gw-gw1-0.kube-system is not bound: topology.yaml binds vpc-nat-gw-gw1-0:eth0 to app-b.default`,
      // the derived bindings disagree with where sbctl-show.txt claims their ports, on topology.yaml's chassis map
      `ovn/sbctl-show.txt: OVN port app-a.default is bound to chassis ${CHASSIS} (host app-a), but hosts/${NODE}/ovs-interfaces.json plugs it on ${NODE}; the binding is kept`,
      `ovn/sbctl-show.txt: OVN port node-kube-ovn-worker is bound to chassis ${CHASSIS} (host app-a), but hosts/${NODE}/ovs-interfaces.json plugs it on ${NODE}; the binding is kept`,
    ]);
  });

  it('a chassis maps to the node host whose meta.yaml names its hostname', () => {
    const renamed = captured().map((f) => ({
      path: f.path.replace(`hosts/${NODE}/`, 'hosts/worker-1/'),
      content: f.path.endsWith('/meta.yaml')
        ? f.content.replace(`node: ${NODE}`, 'node: worker-1').replace(/^role: node\n$/, `role: node\nnode: ${NODE}\n`)
        : f.content,
    }));
    const { ports, chassis, warnings } = parse(renamed);
    assert.deepEqual(chassis, { [CHASSIS]: 'worker-1' });
    assert.equal(ports.length, 4);
    assert.deepEqual(warnings, []);
  });

  it('a snapshot without ovs-interfaces.json, sbctl-show.txt or topology.yaml ovn: has no OVN bindings', () => {
    const { model } = parseSnapshot(captured().filter((f) => !f.path.endsWith('ovs-interfaces.json') && f.path !== 'ovn/sbctl-show.txt'));
    assert.equal(model.topology.ovn, undefined);
  });
});
