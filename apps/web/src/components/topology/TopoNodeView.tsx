import { Handle, Position, type NodeProps } from '@xyflow/react';
import { shortLabel } from './elk-graph';
import type { TopoFlowNode } from './flow-elements';

/** One drawn node: a host, interface, segment, VPC, router, switch, port, or a folded group. */
export function TopoNodeView({ data }: NodeProps<TopoFlowNode>) {
  const n = data.node;
  const classes = ['topo-node', `kind-${n.kind}`];
  if (n.role !== undefined) classes.push(`role-${n.role}`);
  if (data.group) classes.push('group');
  if (data.steps !== undefined) classes.push('lit');
  if (data.drop) classes.push('drop');
  const title = [n.label, n.detail].filter((s) => s !== undefined).join('\n');
  return (
    <div className={classes.join(' ')} data-testid="topo-node" data-id={n.id} title={title}>
      <Handle type="target" position={Position.Top} className="topo-handle" isConnectable={false} />
      <div className="topo-label">{shortLabel(n.label)}</div>
      {n.detail !== undefined && !data.group && n.kind !== 'aggregate' && <div className="topo-detail">{shortLabel(n.detail)}</div>}
      {n.kind === 'aggregate' && (
        <button
          type="button"
          className="topo-expand nodrag"
          onClick={(event) => {
            event.stopPropagation();
            data.onToggle?.(n.id);
          }}
        >
          expand
        </button>
      )}
      {data.steps !== undefined && (
        <span className="topo-steps" aria-label={`step ${data.steps.join(', ')}`}>
          {data.steps.join(',')}
        </span>
      )}
      {data.drop && (
        <span className="topo-drop" aria-label="dropped here">
          ✗
        </span>
      )}
      <Handle type="source" position={Position.Bottom} className="topo-handle" isConnectable={false} />
    </div>
  );
}
