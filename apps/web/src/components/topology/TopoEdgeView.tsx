import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { pathOf } from './elk-graph';
import type { TopoFlowEdge } from './flow-elements';

/** An edge along the route ELK computed (React Flow's own routing would ignore it). */
export function TopoEdgeView({ id, data, sourceX, sourceY, targetX, targetY }: EdgeProps<TopoFlowEdge>) {
  const points = data !== undefined && data.points.length >= 4 ? data.points : [sourceX, sourceY, targetX, targetY];
  const kind = data?.kind ?? 'veth';
  return <BaseEdge id={id} path={pathOf(points)} className={`topo-edge edge-${kind}${data?.lit === true ? ' lit' : ''}`} />;
}
