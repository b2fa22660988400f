import type { VisibleGraph } from './aggregate';

/** A packet's path to draw over the topology: the places in order, and where it was dropped. */
export interface TopologyHighlight {
  /**
   * Places as a trace names them: a host, `<host>:<iface>`, `ovn:<port>`, or an OVN switch or router
   * by name (a trace step's `host`); `segment:<name>` for a segment.
   */
  nodes: string[];
  dropAt?: string;
}

export interface ResolvedHighlight {
  /** Drawn node id -> its step numbers along the path (1-based). */
  steps: Map<string, number[]>;
  /** Drawn edges the path runs along. */
  litEdges: Set<string>;
  /** Consecutive path nodes with no drawn edge between them: drawn as straight lit lines. */
  jumps: [string, string][];
  drop: string | undefined;
  /** Places of the path the topology does not have. */
  missing: string[];
}

const PREFIXES = ['', 'ovn-ls:', 'ovn-lr:', 'ovn:', 'segment:', 'vpc:'];

/** The drawn node showing a place: the place itself, or the aggregate holding it. */
function resolve(graph: VisibleGraph, place: string): string | undefined {
  for (const prefix of PREFIXES) {
    const shown = graph.shownAs(prefix + place);
    if (shown !== undefined) return shown;
  }
  return undefined;
}

export function resolveHighlight(graph: VisibleGraph, highlight: TopologyHighlight | undefined): ResolvedHighlight {
  const steps = new Map<string, number[]>();
  const litEdges = new Set<string>();
  const jumps: [string, string][] = [];
  const missing: string[] = [];
  if (highlight === undefined) return { steps, litEdges, jumps, drop: undefined, missing };
  const path: string[] = [];
  for (const place of highlight.nodes) {
    const id = resolve(graph, place);
    if (id === undefined) missing.push(place);
    else if (path[path.length - 1] !== id) path.push(id);
  }
  path.forEach((id, i) => steps.set(id, [...(steps.get(id) ?? []), i + 1]));
  const parent = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const within = (id: string, outer: string) => {
    for (let at: string | undefined = id; at !== undefined; at = parent.get(at)) if (at === outer) return true;
    return false;
  };
  const route = routeFinder(graph, within);
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1] as string;
    const b = path[i] as string;
    if (within(a, b) || within(b, a)) continue;
    const edges = route(a, b);
    if (edges === null) jumps.push([a, b]);
    else for (const e of edges) litEdges.add(e);
  }
  const drop = highlight.dropAt === undefined ? undefined : resolve(graph, highlight.dropAt);
  if (highlight.dropAt !== undefined && drop === undefined) missing.push(highlight.dropAt);
  return { steps, litEdges, jumps, drop, missing };
}

/** Hops allowed between two consecutive places: through a segment, a bridge and its port, and so on. */
const MAX_HOPS = 3;

/**
 * The drawn edges of the shortest way (at most MAX_HOPS edges) from place a (or anything inside it) to
 * place b (or anything inside it); null when there is none that short.
 */
function routeFinder(graph: VisibleGraph, within: (id: string, outer: string) => boolean) {
  const adjacent = new Map<string, { edge: string; to: string }[]>();
  for (const e of graph.edges) {
    adjacent.set(e.source, [...(adjacent.get(e.source) ?? []), { edge: e.id, to: e.target }]);
    adjacent.set(e.target, [...(adjacent.get(e.target) ?? []), { edge: e.id, to: e.source }]);
  }
  return (a: string, b: string): string[] | null => {
    const via = new Map<string, { edge: string; from: string } | null>();
    let frontier = graph.nodes.filter((n) => within(n.id, a)).map((n) => n.id);
    for (const id of frontier) via.set(id, null);
    for (let hop = 0; hop < MAX_HOPS && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const { edge, to } of adjacent.get(id) ?? []) {
          if (via.has(to)) continue;
          via.set(to, { edge, from: id });
          if (within(to, b)) {
            const edges: string[] = [];
            for (let at: string | undefined = to; at !== undefined;) {
              const step: { edge: string; from: string } | null | undefined = via.get(at);
              if (step === null || step === undefined) break;
              edges.push(step.edge);
              at = step.from;
            }
            return edges;
          }
          next.push(to);
        }
      }
      frontier = next;
    }
    return null;
  };
}
