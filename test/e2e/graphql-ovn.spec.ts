import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { ApiClient, EXAMPLES_DIR, readFolder, startTestApp, type TestApp } from '../support';

const SEED = join(EXAMPLES_DIR, '002-ovn-fip-snat-dnat');

interface GraphqlResult<T> {
  data: T | null;
  errors: { message: string; extensions?: Record<string, unknown> }[];
}

interface Owner {
  text: string;
  kind: string;
  name: string;
  via: string;
  inSnapshot: boolean;
}

interface SwitchPort {
  name: string;
  type: string;
  addresses: string[];
  routerPort: string | null;
  localnet: boolean;
  boundInterface: { host: string; iface: string } | null;
  owner: Owner | null;
}

interface Nat {
  uuid: string | null;
  type: string;
  externalIp: string;
  logicalIp: string;
  externalMac: string | null;
  logicalPort: string | null;
  placement: string;
  chassis: string | null;
  owner: Owner | null;
}

interface Topology {
  switchCount: number;
  routerCount: number;
  switches: { name: string; uuid: string; portCount: number; ports: SwitchPort[]; owner: Owner | null }[];
  routers: {
    name: string;
    uuid: string;
    ports: {
      name: string;
      mac: string;
      networks: string[];
      gatewayChassis: { chassis: string; priority: number | null }[];
      owner: Owner | null;
    }[];
    natCount: number;
    nat: Nat[];
    loadBalancers: string[];
  }[];
  loadBalancers: { name: string; protocol: string | null; vips: { vip: string; backends: string[] }[] }[] | null;
  acls: unknown[] | null;
}

/**
 * `ovn-nbctl show` read independently of the product's parser: switches with their ports
 * (addresses, type, router-port), routers with their ports (mac, networks, gateway chassis) and NAT.
 */
function readNbctlShow(text: string) {
  const switches: {
    uuid: string;
    name: string;
    ports: { name: string; type: string; addresses: string[]; routerPort: string | null }[];
  }[] = [];
  const routers: {
    uuid: string;
    name: string;
    ports: { name: string; mac: string; networks: string[]; gatewayChassis: string[] }[];
    nat: { uuid: string; externalIp: string; logicalIp: string; type: string }[];
  }[] = [];
  const list = (value: string): string[] => [...value.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
  let sw: (typeof switches)[number] | undefined;
  let router: (typeof routers)[number] | undefined;
  let item: Record<string, unknown> | undefined;
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^switch (\S+) \((.+)\)$/.exec(line)) !== null) {
      sw = { uuid: m[1] ?? '', name: m[2] ?? '', ports: [] };
      router = undefined;
      switches.push(sw);
    } else if ((m = /^router (\S+) \((.+)\)$/.exec(line)) !== null) {
      router = { uuid: m[1] ?? '', name: m[2] ?? '', ports: [], nat: [] };
      sw = undefined;
      routers.push(router);
    } else if ((m = /^ {4}port (\S+)$/.exec(line)) !== null) {
      item =
        sw !== undefined
          ? { name: m[1], type: '', addresses: [], routerPort: null }
          : { name: m[1], mac: '', networks: [], gatewayChassis: [] };
      if (sw !== undefined) sw.ports.push(item as (typeof sw.ports)[number]);
      else router?.ports.push(item as (typeof routers)[number]['ports'][number]);
    } else if ((m = /^ {4}nat (\S+)$/.exec(line)) !== null) {
      item = { uuid: m[1], externalIp: '', logicalIp: '', type: '' };
      router?.nat.push(item as (typeof routers)[number]['nat'][number]);
    } else if ((m = /^ {8}([a-z -]+): (.*)$/.exec(line)) !== null && item !== undefined) {
      const [key, value] = [m[1] ?? '', m[2] ?? ''];
      const unquoted = value.replace(/^"|"$/g, '');
      if (key === 'addresses') item['addresses'] = list(value);
      else if (key === 'type') item['type'] = unquoted;
      else if (key === 'router-port') item['routerPort'] = value;
      else if (key === 'mac') item['mac'] = unquoted;
      else if (key === 'networks') item['networks'] = list(value);
      else if (key === 'gateway chassis')
        item['gatewayChassis'] = value
          .replace(/^\[|\]$/g, '')
          .split(/\s+/)
          .filter(Boolean);
      else if (key === 'external ip') item['externalIp'] = unquoted;
      else if (key === 'logical ip') item['logicalIp'] = unquoted;
    }
  }
  return { switches, routers };
}

/** `ovn-sbctl show`'s chassis -> hostname, when the seed has it. */
function sbctlHostnames(): Map<string, string> {
  const hosts = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync(join(SEED, 'ovn', 'sbctl-show.txt'), 'utf8');
  } catch {
    return hosts;
  }
  let chassis: string | null = null;
  for (const line of text.split('\n')) {
    const named = /^Chassis "?([^"]+)"?$/.exec(line);
    if (named !== null) chassis = named[1] ?? null;
    const host = /^ {4}hostname: "?([^"]+)"?$/.exec(line);
    if (host !== null && chassis !== null) hosts.set(chassis, host[1] ?? '');
  }
  return hosts;
}

type KubeItem = { kind: string; metadata: { name: string }; spec?: Record<string, unknown>; status?: Record<string, unknown> };

function kubeItems(file: string): KubeItem[] {
  const doc = parseYaml(readFileSync(join(SEED, 'k8s', file), 'utf8')) as { items?: KubeItem[] } & KubeItem;
  return doc.items ?? [doc];
}

const byName = <T extends { name: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => a.name.localeCompare(b.name));

const OWNER = '{ text kind name via inSnapshot }';
const TOPOLOGY_QUERY = `query($id: ID!) { snapshot(id: $id) { ovn {
  switchCount routerCount
  switches(first: 10) { name uuid portCount owner ${OWNER}
    ports(first: 20) { name type addresses routerPort localnet boundInterface { host iface } owner ${OWNER} } }
  routers(first: 10) { name uuid loadBalancers natCount
    ports { name mac networks gatewayChassis { chassis priority } owner ${OWNER} }
    nat(first: 20) { uuid type externalIp logicalIp externalMac logicalPort placement chassis owner ${OWNER} } }
  loadBalancers(first: 10) { name protocol vips { vip backends } }
  acls(first: 10) { uuid }
} } }`;

describe('GraphQL: the OVN logical topology of seed 002 and its NAT table (Postgres, real app)', () => {
  let t: TestApp;
  let id = '';

  async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResult<T>> {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.readToken}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: GraphqlResult<T>['errors'] };
    return { data: body.data ?? null, errors: body.errors ?? [] };
  }

  before(async () => {
    t = await startTestApp();
    const api = new ApiClient(t.baseUrl, t.writeToken);
    const result = await api.postJson<{ id: string }>('/api/v1/snapshots', {
      name: '002-ovn-fip-snat-dnat',
      files: await readFolder(SEED),
    });
    assert.equal(result.status, 201, result.text);
    id = result.body.id;
  });

  after(async () => t?.close());

  it('every switch, port, router, router port and NAT row of its ovn-nbctl show', async () => {
    const shown = readNbctlShow(readFileSync(join(SEED, 'ovn', 'nbctl-show.txt'), 'utf8'));
    const result = await gql<{ snapshot: { ovn: Topology } }>(TOPOLOGY_QUERY, { id });
    assert.deepEqual(result.errors, []);
    const ovn = result.data?.snapshot.ovn;
    assert.ok(ovn);
    assert.equal(ovn.switchCount, shown.switches.length);
    assert.equal(ovn.routerCount, shown.routers.length);
    assert.deepEqual(
      byName(ovn.switches).map((s) => ({
        uuid: s.uuid,
        name: s.name,
        // `ovn-nbctl show` prints no addresses for a router-type port whose addresses are just "router".
        ports: byName(s.ports).map((p) => ({
          name: p.name,
          type: p.type,
          addresses: p.type === 'router' && p.addresses.join() === 'router' ? [] : p.addresses,
          routerPort: p.routerPort,
        })),
      })),
      byName(shown.switches).map((s) => ({ ...s, ports: byName(s.ports) })),
    );
    for (const sw of ovn.switches) {
      assert.equal(sw.portCount, sw.ports.length);
      for (const port of sw.ports) {
        assert.equal(port.localnet, port.type === 'localnet', port.name);
        assert.equal(port.boundInterface, null, 'seed 002 binds no port to a host interface');
      }
    }
    const macs = (value: string) => value.toLowerCase();
    assert.deepEqual(
      byName(ovn.routers).map((r) => ({
        uuid: r.uuid,
        name: r.name,
        ports: byName(r.ports).map((p) => ({
          name: p.name,
          mac: macs(p.mac),
          networks: p.networks,
          gatewayChassis: p.gatewayChassis.map((g) => g.chassis),
        })),
        nat: [...r.nat]
          .sort((a, b) => (a.uuid ?? '').localeCompare(b.uuid ?? ''))
          .map((n) => ({ uuid: n.uuid, externalIp: n.externalIp, logicalIp: n.logicalIp, type: n.type })),
      })),
      byName(shown.routers).map((r) => ({
        ...r,
        ports: byName(r.ports).map((p) => ({ ...p, mac: macs(p.mac) })),
        nat: [...r.nat].sort((a, b) => a.uuid.localeCompare(b.uuid)),
      })),
    );
    // Gateway chassis in the order `ovn-nbctl show` prints them (highest priority first), with the
    // priorities it leaves out when the richer sources hold them.
    for (const port of ovn.routers.flatMap((r) => r.ports)) {
      const priorities = port.gatewayChassis.map((g) => g.priority ?? 0);
      assert.deepEqual(
        priorities,
        [...priorities].sort((a, b) => b - a),
        port.name,
      );
    }
    // The OvnDnatRule's load balancer on the VPC router, wherever the capture lists it.
    for (const lb of ovn.loadBalancers ?? [])
      assert.ok(
        ovn.routers.some((r) => r.loadBalancers.includes(lb.name)),
        lb.name,
      );
  });

  it('the owners its k8s/ files show: OvnFips on the FIP NAT rows, OvnEips on the gateway and node ports', async () => {
    const result = await gql<{ snapshot: { ovn: Topology } }>(TOPOLOGY_QUERY, { id });
    assert.deepEqual(result.errors, []);
    const ovn = result.data?.snapshot.ovn;
    assert.ok(ovn);
    const fips = kubeItems('ovn-fips.yaml');
    const eips = kubeItems('ovn-eips.yaml');
    const nat = ovn.routers.flatMap((r) => r.nat);
    for (const fip of fips) {
      const row = nat.find((n) => n.externalIp === fip.status?.['v4Eip'] && n.logicalIp === fip.status?.['v4Ip']);
      assert.deepEqual(row?.owner, {
        text: `kube-ovn OvnFip ${fip.metadata.name} (by addresses)`,
        kind: 'OvnFip',
        name: fip.metadata.name,
        via: 'addresses',
        inSnapshot: true,
      });
      assert.equal(row?.type, 'dnat_and_snat');
    }
    const snatEip = eips.find((e) => e.spec?.['type'] === 'snat');
    assert.equal(nat.find((n) => n.type === 'snat')?.owner?.text, `kube-ovn OvnEip ${snatEip?.metadata.name ?? ''} (by external IP)`);
    const routerPorts = ovn.routers.flatMap((r) => r.ports);
    const switchPorts = ovn.switches.flatMap((s) => s.ports);
    for (const eip of eips) {
      const type = eip.spec?.['type'];
      if (type === 'lrp')
        assert.equal(routerPorts.find((p) => p.name === eip.metadata.name)?.owner?.text, `kube-ovn OvnEip ${eip.metadata.name} (by name)`);
      if (type === 'node-ext-gw')
        assert.equal(switchPorts.find((p) => p.name === eip.metadata.name)?.owner?.text, `kube-ovn OvnEip ${eip.metadata.name} (by name)`);
    }
    // Without Subnet, Vpc or Pod objects in k8s/ and without external_ids in the capture, nothing else is claimed.
    assert.deepEqual(
      ovn.switches.map((s) => s.owner),
      ovn.switches.map(() => null),
    );
    assert.equal(switchPorts.find((p) => p.name === 'coredns-787d4945fb-5fdk7.kube-system')?.owner, null);
  });

  it('the NAT table has one OVN row per NAT row and per load balancer VIP', async () => {
    const result = await gql<{ snapshot: { natTable: { ovn: Record<string, unknown>[] } } }>(
      `query($id: ID!) { snapshot(id: $id) { natTable { ovn {
        datapathKind datapath type external externalPorts logical protocol externalMac logicalPort placement chassis chassisHost loadBalancer owner
      } } } }`,
      { id },
    );
    assert.deepEqual(result.errors, []);
    // The VPC router's gateway port: its first gateway chassis in `ovn-nbctl show` is the highest priority.
    const shown = readNbctlShow(readFileSync(join(SEED, 'ovn', 'nbctl-show.txt'), 'utf8'));
    const gw = shown.routers.find((r) => r.name === 'vpc-75989')?.ports.find((p) => p.gatewayChassis.length > 0)?.gatewayChassis[0] ?? null;
    const gwHost = gw === null ? null : (sbctlHostnames().get(gw) ?? null);
    const nat = (external: string, logical: string, type: string, owner: string | null) => ({
      datapathKind: 'ROUTER',
      datapath: 'vpc-75989',
      type,
      external,
      externalPorts: null,
      logical: [logical],
      protocol: null,
      externalMac: null,
      logicalPort: null,
      placement: 'CENTRALIZED',
      chassis: gw,
      chassisHost: gwHost,
      loadBalancer: null,
      owner,
    });
    const rows = result.data?.snapshot.natTable.ovn ?? [];
    assert.deepEqual(
      rows.filter((r) => r['type'] !== 'lb').sort((a, b) => String(a['external']).localeCompare(String(b['external']))),
      [
        nat('172.19.0.11', '192.168.0.4', 'dnat_and_snat', 'kube-ovn OvnFip ofip-busybox01 (by addresses)'),
        nat('172.19.0.12', '192.168.0.5', 'dnat_and_snat', 'kube-ovn OvnFip ofip-busybox02 (by addresses)'),
        nat('172.19.0.8', '192.168.0.2', 'dnat_and_snat', 'kube-ovn OvnFip fip-71198 (by addresses)'),
        nat('172.19.0.9', '192.168.0.0/24', 'snat', 'kube-ovn OvnEip snat-eip-76840 (by external IP)'),
      ],
    );
    // One row per VIP of every load balancer, on the router that uses it, centralized like the NAT.
    const topology = await gql<{
      snapshot: {
        ovn: {
          loadBalancers: { name: string; protocol: string | null; vips: { vip: string; backends: string[] }[]; routers: string[] }[] | null;
        };
      };
    }>('query($id: ID!) { snapshot(id: $id) { ovn { loadBalancers(first: 50) { name protocol routers vips { vip backends } } } } }', {
      id,
    });
    const expectedVips = (topology.data?.snapshot.ovn.loadBalancers ?? []).flatMap((lb) =>
      lb.routers.flatMap((router) =>
        lb.vips.map((v) => ({
          datapathKind: 'ROUTER',
          datapath: router,
          type: 'lb',
          external: v.vip.split(':')[0],
          externalPorts: v.vip.split(':')[1] ?? null,
          logical: v.backends,
          protocol: lb.protocol,
          externalMac: null,
          logicalPort: null,
          placement: 'CENTRALIZED',
          chassis: gw,
          chassisHost: gwHost,
          loadBalancer: lb.name,
          owner: null,
        })),
      ),
    );
    assert.deepEqual(
      rows.filter((r) => r['type'] === 'lb'),
      expectedVips,
    );
  });

  it('counts OVN lists by `first` against the query cost limit', async () => {
    const result = await gql('query($id: ID!) { snapshot(id: $id) { ovn { switches(first: 1000) { ports(first: 1000) { name } } } } }', {
      id,
    });
    assert.equal(result.data, null);
    assert.equal(result.errors[0]?.extensions?.['code'], 'QUERY_TOO_COMPLEX');
    const small = await gql<{ snapshot: { ovn: { switches: { name: string; ports: { name: string }[] }[] } } }>(
      'query($id: ID!) { snapshot(id: $id) { ovn { switches(first: 1, name: "join") { name ports(first: 1) { name } } } } }',
      { id },
    );
    assert.deepEqual(small.errors, []);
    assert.equal(small.data?.snapshot.ovn.switches.length, 1);
    assert.equal(small.data?.snapshot.ovn.switches[0]?.ports.length, 1);
  });

  it('a snapshot without ovn/ has a null topology and no OVN NAT rows', async () => {
    const api = new ApiClient(t.baseUrl, t.writeToken);
    const upload = await api.postJson<{ id: string }>('/api/v1/snapshots', {
      name: 'no-ovn',
      files: { 'hosts/a/sysctl.txt': 'net.ipv4.ip_forward = 1\n' },
    });
    assert.equal(upload.status, 201, upload.text);
    const result = await gql<{ snapshot: { ovn: unknown; natTable: { ovn: unknown[] } } }>(
      'query($id: ID!) { snapshot(id: $id) { ovn { switchCount } natTable { ovn { type } } } }',
      { id: upload.body.id },
    );
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.data?.snapshot, { ovn: null, natTable: { ovn: [] } });
  });
});
