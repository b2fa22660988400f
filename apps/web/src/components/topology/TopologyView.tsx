import { useCallback, useMemo, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { ErrorPanel } from '../ErrorPanel';
import { useRenderTiming } from '../render-timing';
import { formatCount } from '../format';
import { visibleGraph } from './aggregate';
import { buildGraph } from './build-graph';
import { downloadText } from '../download';
import { topologySvg } from './export-svg';
import { toFlow, type TopoFlowNode } from './flow-elements';
import { resolveHighlight, type TopologyHighlight } from './highlight';
import { TopoEdgeView } from './TopoEdgeView';
import { TopoNodeView } from './TopoNodeView';
import { useTopologyData } from './topology-data';
import { useLayout } from './use-layout';

export type { TopologyHighlight } from './highlight';

/** Above this many nodes, pods fold per node and ports per subnet (then hosts per role and subnets per VPC). */
export const FOLD_THRESHOLD = 500;

const nodeTypes: NodeTypes = { topo: TopoNodeView };
const edgeTypes: EdgeTypes = { elk: TopoEdgeView };

export interface TopologyViewProps {
  snapshotId: string;
  /** A packet's path: lit nodes numbered in order, the edges between them lit, the drop node red. */
  highlight?: TopologyHighlight;
  /** CSS height of the canvas (default: most of the window). */
  height?: string;
}

/**
 * The snapshot's hosts and their interfaces, links, segments, bridges and macvlans, and the OVN routers
 * and switches nested per VPC with their ports bound to host interfaces; laid out by ELK in a worker.
 */
export function TopologyView(props: TopologyViewProps) {
  // Another snapshot starts from nothing: its predecessor's picture is never shown as if it were its own.
  return <Topology key={props.snapshotId} {...props} />;
}

function Topology({ snapshotId, highlight, height }: TopologyViewProps) {
  const { data, error } = useTopologyData(snapshotId);
  const graph = useMemo(() => (data === undefined || data === null ? null : buildGraph(data)), [data]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const visible = useMemo(() => (graph === null ? null : visibleGraph(graph, expanded, FOLD_THRESHOLD)), [graph, expanded]);
  // What is drawn: the last graph laid out (the previous one stays while a new one is laid out).
  const { graph: drawn, layout, error: layoutError, pending, key: layoutKey } = useLayout(visible);
  // The highlight is compared by value: a parent passing a new object with the same path redraws nothing.
  const highlightKey = JSON.stringify(highlight ?? null);
  const resolved = useMemo(
    () => (drawn === null ? null : resolveHighlight(drawn, (JSON.parse(highlightKey) as TopologyHighlight | null) ?? undefined)),
    [drawn, highlightKey],
  );
  const toggle = useCallback((id: string) => {
    setExpanded((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const flow = useMemo(
    () => (drawn === null || layout === null || resolved === null ? null : toFlow(drawn, layout, resolved, toggle)),
    [drawn, layout, resolved, toggle],
  );
  const exportSvg = () => {
    if (drawn === null || layout === null || resolved === null) return;
    downloadText(`topology-${snapshotId}.svg`, topologySvg(drawn, layout, resolved, `Topology of snapshot ${snapshotId}`), 'image/svg+xml');
  };
  const onNodeClick = useCallback(
    (_: unknown, node: TopoFlowNode) => {
      if (node.data.node.kind === 'aggregate') toggle(node.id);
    },
    [toggle],
  );
  // From the query's answer to the positioned picture, and from the view's first render (the query included).
  useRenderTiming('hookpath:topology-layout', data, flow !== null);
  useRenderTiming('hookpath:topology-load', snapshotId, flow !== null);
  const nodeCount = flow?.nodes.length ?? 0;
  const empty = visible !== null && visible.nodes.length === 0;
  return (
    <section
      className="topology"
      data-testid="topology"
      data-node-count={nodeCount}
      data-total-count={visible?.total ?? 0}
      aria-busy={pending || flow === null}
      aria-label="Topology"
    >
      <div className="toolbar topology-toolbar">
        <span aria-live="polite">
          {visible === null
            ? 'Reading the topology…'
            : `${formatCount(visible.nodes.length)} nodes${visible.total !== visible.nodes.length ? ` drawn of ${formatCount(visible.total)}` : ''}${pending ? ', laying out…' : ''}`}
        </span>
        {visible !== null && visible.level > 0 && (
          <span className="muted">
            Large topology:{' '}
            {visible.level === 1 ? 'pods are grouped per node and OVN ports per subnet' : 'hosts are grouped by role and subnets per VPC'}.
            Select a group to expand it.
          </span>
        )}
        {expanded.size > 0 && (
          <button type="button" onClick={() => setExpanded(new Set())}>
            Fold all again
          </button>
        )}
        <button type="button" onClick={exportSvg} disabled={layout === null}>
          Export as SVG
        </button>
      </div>
      {data?.truncated !== undefined && data.truncated.length > 0 && (
        <p className="muted">Not drawn in full: {data.truncated.join('; ')}.</p>
      )}
      {resolved !== null && resolved.missing.length > 0 && <p className="muted">Not in this topology: {resolved.missing.join(', ')}.</p>}
      {error !== null && <ErrorPanel error={error} />}
      {layoutError !== null && <p className="error-panel">{layoutError.message}</p>}
      <div className="topology-canvas" style={height === undefined ? undefined : { height }}>
        {empty ? (
          <p className="muted topology-empty">Nothing to draw: the snapshot has no hosts and no OVN topology.</p>
        ) : flow === null ? (
          <div className="topology-loading" aria-busy="true">
            {visible === null ? 'Reading the topology…' : 'Laying out…'}
          </div>
        ) : (
          <ReactFlow
            key={layoutKey}
            nodes={flow.nodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodeClick={onNodeClick}
            nodesDraggable={false}
            nodesConnectable={false}
            edgesFocusable={false}
            elementsSelectable
            onlyRenderVisibleElements={nodeCount > 300}
            fitView
            fitViewOptions={{ minZoom: nodeCount > 60 ? 0.35 : 0.1, maxZoom: 1.2 }}
            minZoom={0.05}
            maxZoom={2.5}
          >
            <Background gap={24} size={1} />
            <MiniMap pannable zoomable ariaLabel="Topology overview" />
            <Controls showInteractive={false} />
          </ReactFlow>
        )}
      </div>
      <Legend />
    </section>
  );
}

function Legend() {
  return (
    <ul className="topology-legend" aria-label="Legend">
      <li>
        <span className="swatch edge-veth" /> veth pair
      </li>
      <li>
        <span className="swatch edge-segment" /> segment member
      </li>
      <li>
        <span className="swatch edge-master" /> bridge port
      </li>
      <li>
        <span className="swatch edge-parent" /> macvlan / vlan parent
      </li>
      <li>
        <span className="swatch edge-binding" /> OVN port bound to an interface
      </li>
      <li>
        <span className="swatch edge-patch" /> router to switch
      </li>
    </ul>
  );
}
