import type { Edge, Node } from '@xyflow/react';
import type { VisibleGraph, VisibleNode } from './aggregate';
import type { Box, Layout } from './elk-graph';
import type { ResolvedHighlight } from './highlight';
import type { TopoEdgeKind } from './topology-model';

export interface TopoNodeData extends Record<string, unknown> {
  node: VisibleNode;
  group: boolean;
  steps?: number[];
  drop: boolean;
  onToggle?: (aggregateId: string) => void;
}
export type TopoFlowNode = Node<TopoNodeData, 'topo'>;

export interface TopoEdgeData extends Record<string, unknown> {
  kind: TopoEdgeKind | 'path';
  points: number[];
  lit: boolean;
  count: number;
}
export type TopoFlowEdge = Edge<TopoEdgeData, 'elk'>;

function depthOf(graph: VisibleGraph): Map<string, number> {
  const parent = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const depth = new Map<string, number>();
  const of = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const p = parent.get(id);
    const d = p === undefined ? 0 : of(p) + 1;
    depth.set(id, d);
    return d;
  };
  for (const n of graph.nodes) of(n.id);
  return depth;
}

const centre = (b: Box) => [b.ax + b.width / 2, b.ay + b.height / 2];

/** React Flow's nodes (parents before children, at ELK's positions) and edges (ELK's routes) of a laid-out graph. */
export function toFlow(
  graph: VisibleGraph,
  layout: Layout,
  highlight: ResolvedHighlight,
  onToggle: (aggregateId: string) => void,
): { nodes: TopoFlowNode[]; edges: TopoFlowEdge[] } {
  const depth = depthOf(graph);
  const parents = new Set(graph.nodes.map((n) => n.parent).filter((p): p is string => p !== undefined));
  const ordered = [...graph.nodes].sort((a, b) => (depth.get(a.id) ?? 0) - (depth.get(b.id) ?? 0) || (a.id < b.id ? -1 : 1));
  const nodes: TopoFlowNode[] = [];
  for (const n of ordered) {
    const box = layout.boxes[n.id];
    if (box === undefined) continue;
    nodes.push({
      id: n.id,
      type: 'topo',
      position: { x: box.x, y: box.y },
      parentId: n.parent,
      width: box.width,
      height: box.height,
      style: { width: box.width, height: box.height },
      draggable: false,
      connectable: false,
      selectable: true,
      ariaLabel: `${n.kind === 'aggregate' ? 'group' : n.kind} ${n.label}${n.detail === undefined ? '' : `, ${n.detail}`}`,
      data: { node: n, group: parents.has(n.id), steps: highlight.steps.get(n.id), drop: highlight.drop === n.id, onToggle },
    });
  }
  const edges: TopoFlowEdge[] = graph.edges.map((e) => ({
    id: e.id,
    type: 'elk',
    source: e.source,
    target: e.target,
    focusable: false,
    selectable: false,
    data: { kind: e.kind, points: layout.routes[e.id] ?? [], lit: highlight.litEdges.has(e.id), count: e.count },
  }));
  highlight.jumps.forEach(([a, b], i) => {
    const from = layout.boxes[a];
    const to = layout.boxes[b];
    if (from === undefined || to === undefined) return;
    edges.push({
      id: `path:${i}`,
      type: 'elk',
      source: a,
      target: b,
      focusable: false,
      selectable: false,
      zIndex: 1000,
      data: { kind: 'path', points: [...centre(from), ...centre(to)], lit: true, count: 1 },
    });
  });
  return { nodes, edges };
}
