import { useMemo, useState, type ReactNode } from 'react';
import { useJobFlows, type StoredFlow } from '../../api/job-flows';
import { asFlowRequest, asFlowResult, fateText, toneOf, type FlowResult } from '../flows/flow-model';
import { FlowList } from '../flows/FlowList';
import { FlowTrace } from '../flows/FlowTrace';
import type { TraceTab } from '../trace/trace-tabs';
import { ChangeItem } from './ChangeItem';
import { asDiffResult, relatedChanges, type CauseGroup, type ChangedFlow, type DiffResultDoc } from './diff-model';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A diff flow's stored outcome: `{ base, target, changes }`. */
function sidesOf(flow: StoredFlow): { base: FlowResult | null; target: FlowResult | null; changes: string[] } {
  const o = flow.outcome;
  if (!isRecord(o)) return { base: null, target: null, changes: [] };
  return {
    base: asFlowResult(o['base']),
    target: asFlowResult(o['target']),
    changes: Array.isArray(o['changes']) ? (o['changes'] as string[]) : [],
  };
}

/** A changed flow as a stored flow: the stored row when it was read, else what the diff result says. */
function storedOf(flow: ChangedFlow, byIndex: ReadonlyMap<number, StoredFlow>): StoredFlow {
  return (
    byIndex.get(flow.index) ?? {
      index: flow.index,
      label: flow.label ?? null,
      request: null,
      outcome: { base: flow.base, target: flow.target, changes: flow.changes },
      expect: null,
      passed: null,
      failedBranches: [],
      trace: null,
    }
  );
}

function FateChange({ flow }: { flow: StoredFlow }) {
  const { base, target, changes } = sidesOf(flow);
  return (
    <span className="fate-change small">
      <span className={`tone-text ${toneOf(base)}`}>{fateText(base)}</span> →{' '}
      <span className={`tone-text ${toneOf(target)}`}>{fateText(target)}</span>
      {changes.map((c) => (
        <span key={c} className="chip">
          {c}
        </span>
      ))}
    </span>
  );
}

const CHANGES_PAGE = 300;

/** Every structural change, in the diff's order (hosts by name, then OVN); long lists a page at a time. */
function AllChanges({ changes }: { changes: DiffResultDoc['structural']['changes'] }) {
  const [all, setAll] = useState(false);
  const shown = all ? changes : changes.slice(0, CHANGES_PAGE);
  return (
    <details className="all-changes">
      <summary>All structural changes ({changes.length.toLocaleString()})</summary>
      <ul className="change-list">
        {shown.map((ch, i) => (
          <ChangeItem key={i} change={ch} />
        ))}
      </ul>
      {shown.length < changes.length && (
        <button type="button" onClick={() => setAll(true)}>
          Show all {changes.length.toLocaleString()}
        </button>
      )}
    </details>
  );
}

interface Props {
  jobId: string;
  result: unknown;
  openFlow: number | undefined;
  onOpenFlow: (index: number | undefined) => void;
  tab: TraceTab;
  onTab: (tab: TraceTab) => void;
}

function CauseSection({
  group,
  diff,
  byIndex,
  list,
}: {
  group: CauseGroup;
  diff: DiffResultDoc;
  byIndex: ReadonlyMap<number, StoredFlow>;
  list: (flows: StoredFlow[]) => ReactNode;
}) {
  const related = useMemo(() => relatedChanges(group.cause, diff.structural.changes), [group.cause, diff.structural.changes]);
  const c = group.cause;
  return (
    <section className="cause-group" data-testid="cause-group">
      <div className="cause-flows">
        <h3>
          <span className="chip">{c.kind}</span> {c.host !== '' && <span>{c.host}: </span>}
          {c.description}
          <span className="group-count">
            {group.count} {group.count === 1 ? 'flow' : 'flows'}
          </span>
        </h3>
        {(c.base !== undefined || c.target !== undefined) && (
          <pre className="change-text">
            {c.base !== undefined && <span className="del">− {c.base}</span>}
            {c.base !== undefined && c.target !== undefined && '\n'}
            {c.target !== undefined && <span className="ins">+ {c.target}</span>}
          </pre>
        )}
        {list(group.flows.map((f) => storedOf(f, byIndex)))}
      </div>
      <aside className="cause-changes" aria-label={`Structural changes behind: ${c.description}`}>
        <h4>Structural changes behind it</h4>
        {related.length === 0 ? (
          <p className="muted small">None found for this cause.</p>
        ) : (
          <ul className="change-list">
            {related.map((ch, i) => (
              <ChangeItem key={i} change={ch} />
            ))}
          </ul>
        )}
      </aside>
    </section>
  );
}

/**
 * A diff's outcome: the flows that behave differently grouped by cause, each group beside the
 * structural changes behind it, each flow opening its traces on both snapshots; then every change.
 */
export function DiffResult({ jobId, result, openFlow, onOpenFlow, tab, onTab }: Props) {
  const diff = useMemo(() => asDiffResult(result), [result]);
  const { flows, loading } = useJobFlows(jobId, diff !== null);
  const byIndex = useMemo(() => new Map(flows.map((f) => [f.index, f])), [flows]);
  const unchanged = useMemo(() => flows.filter((f) => sidesOf(f).changes.length === 0), [flows]);
  if (diff === null) return <p className="error-panel">The job&apos;s result is not a diff.</p>;
  const detail = (flow: StoredFlow) => {
    const req = asFlowRequest(flow.request);
    if (req === null) return <p className="muted">{loading ? 'Reading the flow…' : 'The flow’s request is not available.'}</p>;
    const trace = (side: 'base' | 'target', snapshotId: string) => (
      <FlowTrace
        request={req}
        stored={null}
        snapshotId={snapshotId}
        reuseKey={`diff-${jobId}-flow-${flow.index}-${side}`}
        tab={tab}
        onTab={onTab}
        failedBranches={side === 'target' ? flow.failedBranches : undefined}
        idPrefix={`flow-${flow.index}-${side}`}
      />
    );
    return (
      <div className="trace-columns">
        <section aria-label="Before: base snapshot">
          <h4>Before (base snapshot)</h4>
          {trace('base', diff.baseSnapshotId)}
        </section>
        <section aria-label="After: target snapshot">
          <h4>After (target snapshot)</h4>
          {trace('target', diff.targetSnapshotId)}
        </section>
      </div>
    );
  };
  const list = (items: StoredFlow[]) => (
    <FlowList flows={items} open={openFlow} onOpen={onOpenFlow} detail={detail} extra={(f) => <FateChange flow={f} />} />
  );
  const { totals, groups } = diff.behavioural;
  const s = diff.structural;
  return (
    <div className="diff-result">
      <p className="summary-line">
        <strong>
          {totals.changed.toLocaleString()} of {totals.flows.toLocaleString()} flows behave differently
        </strong>
        <span className="chip">{s.changes.length.toLocaleString()} structural changes</span>
        {s.hosts.changed.length > 0 && <span className="chip">hosts changed: {s.hosts.changed.join(', ')}</span>}
        {s.hosts.added.length > 0 && <span className="chip">added: {s.hosts.added.join(', ')}</span>}
        {s.hosts.removed.length > 0 && <span className="chip">removed: {s.hosts.removed.join(', ')}</span>}
      </p>
      {groups.length === 0 && <p className="notice">No traced flow behaves differently on the target snapshot.</p>}
      {groups.map((group, i) => (
        <CauseSection key={i} group={group} diff={diff} byIndex={byIndex} list={list} />
      ))}
      {unchanged.length > 0 && (
        <details className="flow-group ok" open={unchanged.some((f) => f.index === openFlow)}>
          <summary>
            {unchanged.length.toLocaleString()} unchanged {unchanged.length === 1 ? 'flow' : 'flows'}
          </summary>
          {list(unchanged)}
        </details>
      )}
      <AllChanges changes={s.changes} />
    </div>
  );
}
