import type { AggregateDef, TopoEdgeKind, TopoGraph, TopoKind } from './topology-model';

/** A node as drawn: one of the graph's, or an aggregate standing for many. */
export interface VisibleNode {
  id: string;
  kind: TopoKind;
  label: string;
  detail?: string;
  parent?: string;
  role?: string;
  /** For an aggregate: what it folds. */
  aggregate?: AggregateDef;
  members?: number;
}

export interface VisibleEdge {
  id: string;
  source: string;
  target: string;
  kind: TopoEdgeKind;
  /** How many of the graph's edges it stands for. */
  count: number;
}

export interface VisibleGraph {
  nodes: VisibleNode[];
  edges: VisibleEdge[];
  /** 0: only interfaces wired to nothing folded; 1: pods per node and ports per subnet folded; 2: hosts per role and subnets per VPC too. */
  level: 0 | 1 | 2;
  /** Nodes of the whole graph. */
  total: number;
  /** The drawn node that shows a graph node (itself, or the aggregate holding it). */
  shownAs: (id: string) => string | undefined;
  /** Aggregates folded because of the level (not expanded by the user). */
  folded: string[];
}

/**
 * What to draw: the whole graph when it has at most `threshold` nodes; otherwise the smallest level of
 * folding that brings it under the threshold (or the coarsest), minus the aggregates the user expanded.
 */
export function visibleGraph(graph: TopoGraph, expanded: ReadonlySet<string>, threshold: number): VisibleGraph {
  const defs = new Map(graph.aggregates.map((a) => [a.id, a]));
  const members = new Map<string, number>();
  const counted = new Map<string, number>();
  for (const n of graph.nodes) {
    for (const a of n.chain) {
      members.set(a, (members.get(a) ?? 0) + 1);
      if (defs.get(a)?.counts === n.kind) counted.set(a, (counted.get(a) ?? 0) + 1);
    }
  }
  const repsAt = (level: number) => {
    const folded = (a: string) => {
      const def = defs.get(a);
      return def !== undefined && def.level <= level && !expanded.has(a) && (members.get(a) ?? 0) >= 2;
    };
    const rep = new Map<string, string>();
    for (const n of graph.nodes) rep.set(n.id, n.chain.find(folded) ?? n.id);
    return rep;
  };
  let level: 0 | 1 | 2 = 0;
  let rep = repsAt(0);
  // Level 0 (interfaces wired to nothing) is always folded; 1 and 2 only above the threshold.
  for (const next of [1, 2] as const) {
    if (new Set(rep.values()).size <= threshold) break;
    level = next;
    rep = repsAt(next);
  }
  const shownIds = new Set(rep.values());
  const nodes: VisibleNode[] = [];
  for (const n of graph.nodes) {
    if (rep.get(n.id) !== n.id) continue;
    nodes.push({
      id: n.id,
      kind: n.kind,
      label: n.label,
      detail: n.detail,
      role: n.role,
      parent: n.parent === undefined ? undefined : rep.get(n.parent),
    });
  }
  const folded: string[] = [];
  for (const a of graph.aggregates) {
    if (!shownIds.has(a.id)) continue;
    folded.push(a.id);
    const count = counted.get(a.id) ?? 0;
    nodes.push({
      id: a.id,
      kind: 'aggregate',
      label: `${count} ${a.noun}${count === 1 ? '' : 's'}${a.where === '' ? '' : ` ${a.where}`}`,
      detail: 'select to expand',
      parent: a.parent === undefined ? undefined : rep.get(a.parent),
      aggregate: a,
      members: count,
    });
  }
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const edges = new Map<string, VisibleEdge>();
  for (const e of graph.edges) {
    const source = rep.get(e.source);
    const target = rep.get(e.target);
    if (source === undefined || target === undefined || source === target) continue;
    const id = `${e.kind}:${source}>${target}`;
    const seen = edges.get(id);
    if (seen === undefined) edges.set(id, { id, source, target, kind: e.kind, count: 1 });
    else seen.count++;
  }
  return {
    nodes,
    edges: [...edges.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    level,
    total: graph.nodes.length,
    shownAs: (id) => rep.get(id) ?? (shownIds.has(id) ? id : undefined),
    folded,
  };
}
