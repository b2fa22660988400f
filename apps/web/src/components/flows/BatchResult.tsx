import { useMemo } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { FLOW_CAP, useJobFlows, type StoredFlow } from '../../api/job-flows';
import type { TraceTab } from '../trace/trace-tabs';
import { groupBatchFlows, type BatchGroup } from './batch-groups';
import { asFlowRequest, asFlowResult, fateText } from './flow-model';
import { FlowList } from './FlowList';
import { FlowTrace } from './FlowTrace';

// The request can be large (up to 100,000 explicit flows): read only once a flow is opened, for its snapshot.
const BatchRequestQuery = graphql(`
  query BatchRequest($id: ID!) {
    job(id: $id) {
      id
      request
    }
  }
`);

interface BatchSummary {
  total?: number;
  byDisposition?: Record<string, number>;
  expectations?: { passed: number; failed: number; unchecked: number };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface BatchResultProps {
  jobId: string;
  result: unknown;
  openFlow: number | undefined;
  onOpenFlow: (index: number | undefined) => void;
  tab: TraceTab;
  onTab: (tab: TraceTab) => void;
  /** The 1-based path of the open flow's trace shown (default: its first failed one, else the most likely). */
  branch?: number;
  onBranch?: (branch: number) => void;
}

function GroupHead({ group }: { group: BatchGroup }) {
  return (
    <span className="group-head">
      <span className={`tone-dot ${group.tone}`} aria-hidden="true" />
      <strong>{group.fate}</strong>
      {group.decisive !== null && (
        <span className="muted">
          {' '}
          decided on {group.decisive.host}
          {group.decisive.rule !== null && (
            <>
              {' '}
              by <code>{group.decisive.rule}</code>
            </>
          )}
        </span>
      )}
      <span className="group-count">
        {group.flows.length} {group.flows.length === 1 ? 'flow' : 'flows'}
        {group.failed > 0 && <span className="bad-text"> · {group.failed} failed</span>}
      </span>
    </span>
  );
}

/**
 * A batch's outcome: the counts, then its flows grouped by cause (failed and undelivered groups first),
 * each flow opening its trace in place.
 */
export function BatchResult({ jobId, result, openFlow, onOpenFlow, tab, onTab, branch, onBranch }: BatchResultProps) {
  const { flows, truncated, loading, error } = useJobFlows(jobId, true);
  const groups = useMemo(() => groupBatchFlows(flows), [flows]);
  const summary: BatchSummary = isRecord(result) ? (result as BatchSummary) : {};
  const [requestRead] = useQuery({ query: BatchRequestQuery, variables: { id: jobId }, pause: openFlow === undefined });
  const request = requestRead.data?.job?.request;
  const snapshotId = isRecord(request) && typeof request['snapshotId'] === 'string' ? request['snapshotId'] : null;
  const detail = (flow: StoredFlow) => {
    const req = asFlowRequest(flow.request);
    if (req === null) return <p className="muted">The flow&apos;s request cannot be traced again.</p>;
    if (snapshotId === null && (flow.trace === null || flow.trace === undefined))
      return <p className="muted">{requestRead.fetching ? 'Reading the batch request…' : 'The batch’s snapshot is not known.'}</p>;
    return (
      <>
        <p className="small">Outcome: {fateText(asFlowResult(flow.outcome))}</p>
        <FlowTrace
          request={req}
          stored={flow.trace}
          snapshotId={snapshotId ?? ''}
          reuseKey={`batch-${jobId}-flow-${flow.index}`}
          tab={tab}
          onTab={onTab}
          branch={branch}
          onBranch={onBranch}
          failedBranches={flow.failedBranches}
          idPrefix={`flow-${flow.index}`}
        />
      </>
    );
  };
  const e = summary.expectations;
  return (
    <div className="batch-result">
      <p className="summary-line">
        <strong>{(summary.total ?? flows.length).toLocaleString()} flows</strong>
        {Object.entries(summary.byDisposition ?? {}).map(([d, n]) => (
          <span key={d} className="chip">
            {d} {n.toLocaleString()}
          </span>
        ))}
        {e !== undefined && (e.passed > 0 || e.failed > 0) && (
          <span className={`chip ${e.failed > 0 ? 'bad' : 'ok'}`}>
            expectations: {e.passed} passed, {e.failed} failed{e.unchecked > 0 ? `, ${e.unchecked} unchecked` : ''}
          </span>
        )}
      </p>
      {error !== null && <p className="error-panel">Reading the flows failed: {error}</p>}
      {loading && <p className="muted">Reading flows… {flows.length.toLocaleString()}</p>}
      {truncated && (
        <p className="notice">
          Showing the first {FLOW_CAP.toLocaleString()} flows; the share link&apos;s report lists the failed ones in full.
        </p>
      )}
      {groups.map((group) => (
        <details
          key={group.key}
          className={`flow-group ${group.tone}`}
          open={group.tone !== 'ok' || group.failed > 0 || groups.length <= 3 || group.flows.some((f) => f.index === openFlow)}
        >
          <summary>
            <GroupHead group={group} />
          </summary>
          <FlowList flows={group.flows} open={openFlow} onOpen={onOpenFlow} detail={detail} />
        </details>
      ))}
    </div>
  );
}
