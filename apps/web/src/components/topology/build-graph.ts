import type { TopologyData } from './topology-data';
import type { AggregateDef, TopoEdge, TopoEdgeKind, TopoGraph, TopoNode } from './topology-model';

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const POD_ROLES = new Set(['pod', 'gateway']);

/**
 * The whole topology of a snapshot as one graph: hosts holding their interfaces, segments, veth pairs,
 * bridges and macvlans; OVN routers and switches (one group per VPC: a router and the switches only it
 * serves) holding their ports, and each port's binding to a host interface. Sorted by id, so the same
 * snapshot always gives the same graph.
 */
export function buildGraph(data: TopologyData): TopoGraph {
  const nodes = new Map<string, TopoNode>();
  const edges = new Map<string, TopoEdge>();
  const aggregates = new Map<string, AggregateDef>();
  const roleOf = new Map(data.hosts.map((h) => [h.name, h.role ?? undefined]));

  const aggregate = (def: AggregateDef) => {
    if (!aggregates.has(def.id)) aggregates.set(def.id, def);
    return def.id;
  };
  const hostChain = (role: string | undefined, node: string | null | undefined): string[] => {
    const r = role ?? 'other';
    const outer = aggregate({ id: `agg:role:${r}`, noun: r === 'other' ? 'host' : r, where: '', level: 2, counts: 'host' });
    if (r !== 'pod') return [outer];
    const at = node ?? '?';
    return [
      outer,
      aggregate({
        id: `agg:pods@${at}`,
        noun: 'pod',
        where: node === null || node === undefined ? 'on an unknown node' : `on ${node}`,
        level: 1,
        counts: 'host',
      }),
    ];
  };
  const addHost = (name: string, role: string | undefined, node: string | null | undefined, detail?: string) => {
    if (nodes.has(name)) return;
    const extra = [role, node !== null && node !== undefined ? `on ${node}` : undefined].filter((s) => s !== undefined).join(' ');
    nodes.set(name, {
      id: name,
      kind: 'host',
      label: name,
      detail: detail ?? (extra === '' ? undefined : extra),
      role,
      chain: hostChain(role, node),
    });
  };
  const addIface = (host: string, iface: string, kind: string, detail?: string) => {
    const id = `${host}:${iface}`;
    if (nodes.has(id)) return id;
    if (!nodes.has(host)) addHost(host, roleOf.get(host), undefined, 'not captured');
    const parent = nodes.get(host);
    nodes.set(id, {
      id,
      kind: kind === 'bridge' ? 'bridge' : 'iface',
      label: iface,
      detail,
      parent: host,
      chain: [...(parent?.chain ?? [])],
    });
    return id;
  };
  const addEdge = (source: string, target: string, kind: TopoEdgeKind) => {
    const id = `${kind}:${source}>${target}`;
    if (source !== target && !edges.has(id)) edges.set(id, { id, source, target, kind });
  };

  for (const h of data.hosts) {
    addHost(h.name, h.role ?? undefined, h.node);
    for (const i of h.interfaces ?? []) {
      if (i.kind === 'loopback' || i.name === 'lo') continue;
      const v4 = i.addresses.find((a) => a.family === 'inet');
      addIface(h.name, i.name, i.kind, v4 === undefined ? i.kind : `${v4.address}/${v4.prefixLen}`);
    }
    for (const i of h.interfaces ?? []) {
      const id = `${h.name}:${i.name}`;
      if (!nodes.has(id)) continue;
      if (i.master !== null && i.master !== undefined && nodes.has(`${h.name}:${i.master}`)) addEdge(`${h.name}:${i.master}`, id, 'master');
      if (i.link !== null && i.link !== undefined && nodes.has(`${h.name}:${i.link}`)) {
        if (i.kind === 'veth') {
          const [a, b] = [id, `${h.name}:${i.link}`].sort();
          addEdge(a as string, b as string, 'veth');
        } else addEdge(`${h.name}:${i.link}`, id, 'parent');
      }
    }
  }

  for (const link of data.topology.links) {
    const a = addIface(link.a.host, link.a.iface, 'veth');
    const b = addIface(link.b.host, link.b.iface, 'veth');
    const aPod = POD_ROLES.has(roleOf.get(link.a.host) ?? '');
    const bPod = POD_ROLES.has(roleOf.get(link.b.host) ?? '');
    // The node's end of a pod's veth folds with the pods it leads to.
    if (aPod !== bPod) {
      const nodeEnd = nodes.get(aPod ? b : a);
      const nodeHost = aPod ? link.b.host : link.a.host;
      if (nodeEnd !== undefined && nodeEnd.chain.length === (nodes.get(nodeHost)?.chain.length ?? 0)) {
        nodeEnd.chain.push(
          aggregate({
            id: `agg:veths@${nodeHost}`,
            noun: 'pod veth',
            where: `in ${nodeHost}`,
            level: 1,
            parent: nodeHost,
            counts: 'iface',
          }),
        );
      }
    }
    if (aPod && !bPod) addEdge(b, a, 'veth');
    else addEdge(a, b, 'veth');
  }

  for (const segment of data.topology.segments) {
    const id = `segment:${segment.name}`;
    nodes.set(id, { id, kind: 'segment', label: segment.name, detail: 'segment', chain: [] });
    for (const m of segment.members) addEdge(id, addIface(m.host, m.iface, 'ether'), 'segment');
  }

  if (data.ovn !== null) addOvn(data, nodes, addEdge, aggregate);
  foldUnwired(nodes, edges, aggregate);

  return { nodes: [...nodes.values()].sort(byId), edges: [...edges.values()].sort(byId), aggregates: [...aggregates.values()].sort(byId) };
}

function addOvn(
  data: TopologyData,
  nodes: Map<string, TopoNode>,
  addEdge: (source: string, target: string, kind: TopoEdgeKind) => void,
  aggregate: (def: AggregateDef) => string,
) {
  const ovn = data.ovn;
  if (ovn === null) return;
  const routerOfPort = new Map<string, string>();
  const networksOfPort = new Map<string, string>();
  for (const r of ovn.routers) {
    const vpc = `vpc:${r.name}`;
    const vpcName = r.owner?.kind === 'Vpc' ? r.owner.name : r.name;
    nodes.set(vpc, { id: vpc, kind: 'vpc', label: `VPC ${vpcName}`, chain: [] });
    nodes.set(`ovn-lr:${r.name}`, {
      id: `ovn-lr:${r.name}`,
      kind: 'router',
      label: r.name,
      detail: 'logical router',
      parent: vpc,
      chain: [],
    });
    for (const p of r.ports) {
      routerOfPort.set(p.name, r.name);
      networksOfPort.set(p.name, p.networks.join(' '));
    }
  }
  for (const r of ovn.routers) {
    for (const p of r.ports) {
      const peer = p.peer === null || p.peer === undefined ? undefined : routerOfPort.get(p.peer);
      if (peer !== undefined && peer !== r.name) {
        const [a, b] = [r.name, peer].sort();
        addEdge(`ovn-lr:${a}`, `ovn-lr:${b}`, 'peer');
      }
    }
  }
  for (const s of ovn.switches) {
    const ports = data.ports.get(s.name) ?? [];
    const routers = [
      ...new Set(ports.map((p) => (p.routerPort === null || p.routerPort === undefined ? undefined : routerOfPort.get(p.routerPort)))),
    ].filter((r): r is string => r !== undefined);
    const only = routers.length === 1 ? routers[0] : undefined;
    const id = `ovn-ls:${s.name}`;
    const chain =
      only === undefined
        ? []
        : [
            aggregate({
              id: `agg:subnets@${only}`,
              noun: 'subnet',
              where: `in ${only}`,
              level: 2,
              parent: `vpc:${only}`,
              counts: 'switch',
            }),
          ];
    const owner = s.owner === null || s.owner === undefined ? 'logical switch' : `${s.owner.kind} ${s.owner.name}`;
    nodes.set(id, {
      id,
      kind: 'switch',
      label: s.name,
      detail: `${owner}, ${s.portCount} ports`,
      parent: only === undefined ? undefined : `vpc:${only}`,
      chain,
    });
    for (const p of ports) {
      const portId = `ovn:${p.name}`;
      const vif = p.type === '' && !p.localnet;
      const portChain = vif
        ? [...chain, aggregate({ id: `agg:ports@${s.name}`, noun: 'port', where: `in ${s.name}`, level: 1, parent: id, counts: 'lsp' })]
        : [...chain];
      const detail =
        p.type === 'router'
          ? `router port ${networksOfPort.get(p.routerPort ?? '') ?? ''}`.trim()
          : p.localnet
            ? `localnet ${p.networkName ?? ''}`.trim()
            : p.type === ''
              ? p.boundInterface === null || p.boundInterface === undefined
                ? 'not bound'
                : `${p.boundInterface.host}:${p.boundInterface.iface}`
              : p.type;
      nodes.set(portId, { id: portId, kind: 'lsp', label: p.name, detail, parent: id, chain: portChain });
      const router = p.routerPort === null || p.routerPort === undefined ? undefined : routerOfPort.get(p.routerPort);
      if (router !== undefined) addEdge(`ovn-lr:${router}`, portId, 'patch');
      if (p.boundInterface !== null && p.boundInterface !== undefined) {
        const target = `${p.boundInterface.host}:${p.boundInterface.iface}`;
        if (nodes.has(target)) addEdge(portId, target, 'binding');
      }
    }
  }
}

/** A host's interfaces wired to nothing drawn (no link, segment, bridge or binding), folded into one node when there are several. */
const UNWIRED_FOLD = 3;

function foldUnwired(nodes: Map<string, TopoNode>, edges: Map<string, TopoEdge>, aggregate: (def: AggregateDef) => string) {
  const wired = new Set<string>();
  for (const e of edges.values()) wired.add(e.source).add(e.target);
  const unwired = new Map<string, TopoNode[]>();
  for (const n of nodes.values()) {
    if ((n.kind === 'iface' || n.kind === 'bridge') && n.parent !== undefined && !wired.has(n.id))
      unwired.set(n.parent, [...(unwired.get(n.parent) ?? []), n]);
  }
  for (const [host, ifaces] of unwired) {
    if (ifaces.length < UNWIRED_FOLD) continue;
    const id = aggregate({ id: `agg:unwired@${host}`, noun: 'unwired interface', where: '', level: 0, parent: host, counts: 'iface' });
    for (const n of ifaces) n.chain.push(id);
  }
}
