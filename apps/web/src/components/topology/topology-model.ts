/** The topology as a graph, before layout: what is drawn, nested in what, and what is wired to what. */
export type TopoKind = 'host' | 'iface' | 'bridge' | 'segment' | 'vpc' | 'router' | 'switch' | 'lsp' | 'aggregate';

export interface TopoNode {
  /**
   * Place names as the rest of hookpath writes them: `<host>`, `<host>:<iface>`, `segment:<name>`,
   * `ovn:<logical switch port>`, `ovn-ls:<switch>`, `ovn-lr:<router>`, `vpc:<router>`.
   */
  id: string;
  kind: TopoKind;
  label: string;
  /** A second line: addresses, role, port type. */
  detail?: string;
  parent?: string;
  /** Host role (node, pod, gateway, external). */
  role?: string;
  /** Aggregates this node can be folded into, the coarsest first; a child's chain starts with its parent's. */
  chain: string[];
}

/**
 * veth: a veth pair (topology.yaml link or same-namespace peer); segment: membership of an L2 segment;
 * master: bridge (or bond) port; parent: macvlan/vlan parent; binding: an OVN port's VIF;
 * patch: a router's port patched to a switch; peer: router to router.
 */
export type TopoEdgeKind = 'veth' | 'segment' | 'master' | 'parent' | 'binding' | 'patch' | 'peer';

export interface TopoEdge {
  id: string;
  source: string;
  target: string;
  kind: TopoEdgeKind;
}

/** A group the view folds many nodes into when the topology is large. */
export interface AggregateDef {
  id: string;
  /** What one member is called (`pod`, `port`, `subnet`), for the label `12 pods on node-1`. */
  noun: string;
  /** Where: `on node-1`, `in ovn-default`. */
  where: string;
  /**
   * 0 is always folded (a host's interfaces wired to nothing); 1 folds when the graph is large (pods per
   * node, ports per subnet); 2 when that is not enough (hosts per role, subnets per VPC).
   */
  level: 0 | 1 | 2;
  /** The node it is drawn inside, if any. */
  parent?: string;
  /** Which member kinds are counted in its label. */
  counts: TopoKind;
}

export interface TopoGraph {
  nodes: TopoNode[];
  edges: TopoEdge[];
  aggregates: AggregateDef[];
}
