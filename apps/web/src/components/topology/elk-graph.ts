import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { VisibleGraph, VisibleNode } from './aggregate';

/** Where each drawn node and edge went: boxes relative to their parent and absolute, edge routes absolute. */
export interface Box {
  x: number;
  y: number;
  ax: number;
  ay: number;
  width: number;
  height: number;
}

export interface Layout {
  width: number;
  height: number;
  boxes: Record<string, Box>;
  routes: Record<string, number[]>;
}

/** Text metrics estimated for the 12px sans-serif labels (ELK runs without a DOM). */
export const CHAR_WIDTH = 8;
export const MAX_LABEL = 30;
export const LINE = 15;
const GROUP_HEADER = 30;

export function shortLabel(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

/** Room for the expand button of a folded group. */
const EXPAND_BUTTON = 60;

function leafSize(n: VisibleNode): { width: number; height: number } {
  if (n.kind === 'aggregate') return { width: Math.ceil(shortLabel(n.label).length * CHAR_WIDTH + 24 + EXPAND_BUTTON), height: 34 };
  const longest = Math.max(shortLabel(n.label).length, shortLabel(n.detail ?? '').length);
  return {
    width: Math.max(56, Math.ceil(Math.min(MAX_LABEL, longest) * CHAR_WIDTH + 24)),
    height: n.detail === undefined ? 26 : 26 + LINE,
  };
}

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.json.edgeCoords': 'ROOT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.edgeNode': '12',
  'elk.spacing.componentComponent': '30',
  'elk.randomSeed': '1',
};

/** Above this many drawn nodes, the faster node placement. */
const LARGE_GRAPH = 150;

/** The ELK input of a drawn graph: nodes nested in their parents, every list sorted by id (same graph, same picture). */
export function toElk(graph: VisibleGraph): ElkNode {
  const children = new Map<string | undefined, VisibleNode[]>();
  for (const n of graph.nodes) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const build = (n: VisibleNode, minWidth = 0): ElkNode => {
    const kids = children.get(n.id);
    if (kids === undefined) {
      const size = leafSize(n);
      return { id: n.id, ...size, width: Math.max(size.width, minWidth) };
    }
    // ELK's minimum size of a compound node misbehaves top to bottom; an only child as wide as the
    // group's title keeps the title readable instead.
    const title = Math.ceil(Math.min(MAX_LABEL, shortLabel(n.label).length) * CHAR_WIDTH + 24);
    return {
      id: n.id,
      layoutOptions: { 'elk.padding': `[top=${GROUP_HEADER},left=10,bottom=10,right=10]` },
      children: kids.map((k) => build(k, kids.length === 1 ? title - 20 : 0)),
    };
  };
  const edges: ElkExtendedEdge[] = graph.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] }));
  // Network simplex places nodes best but grows much faster than Brandes-Koepf with the graph's size.
  const layoutOptions =
    graph.nodes.length > LARGE_GRAPH ? { ...ROOT_OPTIONS, 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF' } : ROOT_OPTIONS;
  return { id: 'root', layoutOptions, children: (children.get(undefined) ?? []).map(build), edges };
}

/** The boxes and routes ELK computed, in a plain shape that can be cached as JSON. */
export function fromElk(result: ElkNode): Layout {
  const boxes: Record<string, Box> = {};
  const walk = (n: ElkNode, ox: number, oy: number) => {
    for (const c of n.children ?? []) {
      const x = c.x ?? 0;
      const y = c.y ?? 0;
      boxes[c.id] = { x, y, ax: ox + x, ay: oy + y, width: c.width ?? 0, height: c.height ?? 0 };
      walk(c, ox + x, oy + y);
    }
  };
  walk(result, 0, 0);
  const routes: Record<string, number[]> = {};
  const collect = (n: ElkNode) => {
    for (const e of n.edges ?? []) {
      const points: number[] = [];
      for (const s of e.sections ?? []) {
        points.push(s.startPoint.x, s.startPoint.y);
        for (const b of s.bendPoints ?? []) points.push(b.x, b.y);
        points.push(s.endPoint.x, s.endPoint.y);
      }
      routes[e.id] = points.map((p) => Math.round(p * 10) / 10);
    }
    for (const c of n.children ?? []) collect(c);
  };
  collect(result);
  return { width: result.width ?? 0, height: result.height ?? 0, boxes, routes };
}

/** SVG path through points given as x0,y0,x1,y1,... */
export function pathOf(points: number[]): string {
  let d = '';
  for (let i = 0; i + 1 < points.length; i += 2) d += `${i === 0 ? 'M' : 'L'}${points[i]},${points[i + 1]}`;
  return d;
}
