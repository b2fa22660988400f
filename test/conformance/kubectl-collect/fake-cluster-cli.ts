import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * A scenario's captured namespaces as a cluster for test/fixtures/fake-kubectl, and the snapshot of
 * `kubectl hookpath collect` completed with what no cluster can show (lib-kubectl.sh):
 *
 *   node fake-cluster-cli.js cluster <netns snapshot> <state dir> <context> [--node <netns>] [<netns>=<pid>...]
 *       writes <state dir>/cluster.json from the snapshot `hookpath collect --netns` took of the same
 *       namespaces: hosts of role node are nodes (--node adds one that was not captured, for
 *       scenarios without a node), hosts of role pod (<name>.default) and gateway
 *       (<name>.kube-system, kube-ovn's VpcNatGateway label) are pods on the node their veth leads
 *       to (else the first node), their sandbox's process the <pid> given; prints the --pods list
 *   node fake-cluster-cli.js assemble <plugin snapshot> <netns snapshot> <out>
 *       the plugin's snapshot, plus the hosts of role external (outside the cluster) and the wires
 *       the plugin cannot see (between two nodes, two pods, or to an external host) from the netns
 *       snapshot, as a user declares them; the veth pairs between pods and their nodes must be the
 *       plugin's own, found as the netns capture found them
 */

interface Topology {
  links?: [string, string][];
  segments?: { name: string; members: string[] }[];
  [key: string]: unknown;
}

interface RefHost {
  name: string;
  role: string;
  ipv4: string[];
}

const readYaml = <T>(file: string): T | null => (existsSync(file) ? (parse(readFileSync(file, 'utf8')) as T | null) : null);

function hostsOf(snapshot: string): RefHost[] {
  return readdirSync(join(snapshot, 'hosts')).map((name) => {
    const dir = join(snapshot, 'hosts', name);
    const meta = readYaml<{ role?: string }>(join(dir, 'meta.yaml')) ?? {};
    const addrFile = join(dir, 'ip-addr.json');
    const addrs = existsSync(addrFile)
      ? (JSON.parse(readFileSync(addrFile, 'utf8')) as { addr_info?: { family?: string; local?: string; scope?: string }[] }[])
      : [];
    const ipv4 = addrs.flatMap((i) =>
      (i.addr_info ?? []).filter((a) => a.family === 'inet' && a.scope === 'global').map((a) => a.local ?? ''),
    );
    return { name, role: meta.role ?? 'node', ipv4 };
  });
}

const linksOf = (snapshot: string): [string, string][] => readYaml<Topology>(join(snapshot, 'topology.yaml'))?.links ?? [];
const hostOf = (endpoint: string): string => endpoint.slice(0, endpoint.lastIndexOf(':'));
const hex = (seed: string, length: number): string => createHash('sha256').update(seed).digest('hex').slice(0, length);
const uid = (seed: string): string => {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const POD_NAMESPACES: Record<string, string> = { pod: 'default', gateway: 'kube-system' };

function cluster(reference: string, state: string, context: string, rest: string[]): void {
  const hosts = hostsOf(reference);
  const links = linksOf(reference);
  const extra = rest[0] === '--node' && rest[1] !== undefined ? rest[1] : undefined;
  const pids = new Map(
    (extra === undefined ? rest : rest.slice(2)).map((a) => [a.slice(0, a.lastIndexOf('=')), Number(a.slice(a.lastIndexOf('=') + 1))]),
  );
  const nodeHosts = [...hosts.filter((h) => h.role === 'node'), ...(extra === undefined ? [] : [{ name: extra, role: 'node', ipv4: [] }])];
  if (nodeHosts.length === 0) throw new Error('no node: give --node <netns>');
  const nodes = nodeHosts.map((h) => ({
    name: h.name,
    uid: uid(`node ${h.name}`),
    netns: h.name,
    ...(h.ipv4[0] === undefined ? {} : { internalIP: h.ipv4[0] }),
  }));
  const pods = hosts.flatMap((h) => {
    const namespace = POD_NAMESPACES[h.role];
    if (namespace === undefined) return [];
    const suffix = `.${namespace}`;
    if (!h.name.endsWith(suffix)) throw new Error(`${h.name}: a ${h.role}'s namespace is named <name>${suffix}`);
    const pid = pids.get(h.name);
    if (pid === undefined || !Number.isInteger(pid)) throw new Error(`${h.name}: no sandbox process given (<netns>=<pid>)`);
    const wired = links.flatMap(([a, b]) => (hostOf(a) === h.name ? [hostOf(b)] : hostOf(b) === h.name ? [hostOf(a)] : []));
    const node = nodeHosts.find((n) => wired.includes(n.name)) ?? nodeHosts[0];
    return [
      {
        namespace,
        name: h.name.slice(0, -suffix.length),
        uid: uid(`pod ${h.name}`),
        node: node?.name,
        netns: h.name,
        labels: h.role === 'gateway' ? { app: 'vpc-nat-gw', 'ovn.kubernetes.io/vpc-nat-gw': 'true' } : { app: 'conformance' },
        ip: h.ipv4[0] ?? '',
        hostIP: node?.ipv4[0] ?? '',
        sandbox: hex(`sandbox ${h.name}`, 64),
        pid,
      },
    ];
  });
  const description = {
    context,
    nodes,
    pods,
    lists: { services: [], 'endpointslices.discovery.k8s.io': [] },
    apiResources: [],
    faults: [],
  };
  writeFileSync(join(state, 'cluster.json'), `${JSON.stringify(description, null, 2)}\n`);
  process.stdout.write(
    `${pods
      .filter((p) => p.namespace === 'default')
      .map((p) => `${p.namespace}/${p.name}`)
      .join(',')}\n`,
  );
}

const key = ([a, b]: [string, string]): string => (a < b ? `${a} ${b}` : `${b} ${a}`);

function assemble(plugin: string, reference: string, out: string): void {
  cpSync(plugin, out, { recursive: true });
  const captured = new Set(readdirSync(join(plugin, 'hosts')));
  const externals = hostsOf(reference).filter((h) => h.role === 'external');
  for (const h of externals) {
    if (captured.has(h.name)) throw new Error(`${h.name} is external, yet the plugin captured it`);
    cpSync(join(reference, 'hosts', h.name), join(out, 'hosts', h.name), { recursive: true });
  }
  // Which node each pod was captured on: its meta.yaml.
  const nodeOf = new Map(
    [...captured].flatMap((h) => {
      const node = readYaml<{ node?: string }>(join(plugin, 'hosts', h, 'meta.yaml'))?.node;
      return node === undefined ? [] : [[h, node] as const];
    }),
  );
  const topology = readYaml<Topology>(join(plugin, 'topology.yaml')) ?? {};
  const found = topology.links ?? [];
  const refLinks = linksOf(reference);
  const refKeys = new Set(refLinks.map(key));
  const foundKeys = new Set(found.map(key));
  const problems: string[] = [];
  for (const l of found) if (!refKeys.has(key(l))) problems.push(`the plugin wired ${l.join(' - ')}, which the netns capture did not find`);
  const podToNode = (l: [string, string]): boolean => {
    const [a, b] = l.map(hostOf) as [string, string];
    return nodeOf.get(a) === b || nodeOf.get(b) === a;
  };
  for (const l of refLinks)
    if (podToNode(l) && !foundKeys.has(key(l)))
      problems.push(`the plugin did not find the veth pair ${l.join(' - ')} between a pod and its node`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const inSegments = new Set((topology.segments ?? []).flatMap((s) => s.members));
  const declared = refLinks.filter((l) => !foundKeys.has(key(l)) && !l.some((e) => inSegments.has(e)));
  topology.links = [...found, ...declared];
  writeFileSync(join(out, 'topology.yaml'), stringify(topology));
  process.stdout.write(
    [
      `links found by the plugin: ${found.map((l) => l.join(' - ')).join(', ') || 'none'}`,
      `links declared from the netns capture: ${declared.map((l) => l.join(' - ')).join(', ') || 'none'}`,
      `external hosts from the netns capture: ${externals.map((h) => h.name).join(', ') || 'none'}`,
      '',
    ].join('\n'),
  );
}

function main(argv: string[]): void {
  const [command, a, b, c, ...rest] = argv;
  if (command === 'cluster' && a !== undefined && b !== undefined && c !== undefined) cluster(a, b, c, rest);
  else if (command === 'assemble' && a !== undefined && b !== undefined && c !== undefined) assemble(a, b, c);
  else
    throw new Error(
      'usage: fake-cluster-cli cluster <netns snapshot> <state dir> <context> [--node <netns>] [<netns>=<pid>...] | assemble <plugin snapshot> <netns snapshot> <out>',
    );
}

main(process.argv.slice(2));
