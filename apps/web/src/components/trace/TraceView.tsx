import { memo, useState } from 'react';
import { useRenderTiming } from '../render-timing';
import { ShareButton } from '../share/ShareButton';
import { Tabs, tabPanelProps } from '../Tabs';
import { mostLikelyBranch } from '@hookpath/report';
import { branchAt } from './branch-model';
import { BranchesPanel } from './BranchesPanel';
import { DiagnosisPanel } from './DiagnosisPanel';
import { HookPathTab } from './HookPathTab';
import { NodePathTab } from './NodePathTab';
import { RawJson } from './RawJson';
import { RoundTripPanel } from './RoundTripPanel';
import { StepTimeline } from './StepTimeline';
import { TopologyTab } from './TopologyTab';
import { TRACE_TABS, TRACE_TAB_LABELS, type TraceTab } from './trace-tabs';
import type { Trace } from './trace-types';
import { VerdictBanner } from './VerdictBanner';

export interface TraceViewProps {
  trace: Trace;
  /** The selected tab (the page keeps it in its URL) and how to change it. */
  tab: TraceTab;
  onTab: (tab: TraceTab) => void;
  /**
   * The 1-based leaf of a trace with branches that is shown (undefined: the default one) and how to
   * change it; without `onBranch` the view keeps the selection itself.
   */
  branch?: number;
  onBranch?: (branch: number) => void;
  /** 1-based leaves that failed the flow's expectation (a batch or diff flow): marked, and the first is the default. */
  failedBranches?: readonly number[];
  /** Distinguishes the ids of several views on one page. */
  idPrefix?: string;
  /** The job whose result this is: names downloads and is what Share shares. */
  jobId?: string;
  /** The snapshot the trace ran on (hook tables, topology) and where the packet started; undefined while unknown. */
  snapshotId?: string;
  from?: string;
}

const TABS = TRACE_TABS.map((id) => ({ id, label: TRACE_TAB_LABELS[id] }));

function StepsTab({ trace }: { trace: Trace }) {
  if (trace.reply === undefined) return <StepTimeline trace={trace} label="Steps" />;
  return (
    <div className="trace-columns">
      <section aria-label="Request">
        <h3>Request</h3>
        <StepTimeline trace={trace} label="Request steps" />
      </section>
      <section aria-label="Reply">
        <h3>Reply</h3>
        <StepTimeline trace={trace.reply} label="Reply steps" />
      </section>
    </div>
  );
}

/**
 * A trace result: the paths when the trace has branches, then for the selected path (the whole trace
 * without branches) the verdict, the round trip, the diagnosis with its fix and the tabs (steps, the
 * pictures; the raw tab holds the whole document). Everything shown is derived from `trace` and the
 * selected path alone.
 */
export const TraceView = memo(function TraceView(props: TraceViewProps) {
  const { trace: whole, tab, onTab, idPrefix = 'trace', jobId, snapshotId, from, failedBranches = [] } = props;
  const [ownBranch, setOwnBranch] = useState<number | undefined>(undefined);
  const asked = props.onBranch === undefined ? ownBranch : props.branch;
  const branches = whole.branches ?? [];
  // The leaf asked for, else the first that failed an expectation, else the most likely (the top level's).
  const fallback = failedBranches.find((n) => n >= 1 && n <= branches.length) ?? mostLikelyBranch(branches).index + 1;
  const selected = branchAt(whole, asked) === undefined ? fallback : (asked ?? fallback);
  const leaf = branchAt(whole, selected);
  const trace: Trace = leaf ?? whole;
  const reply = trace.reply;
  const name = `trace-${jobId ?? 'result'}`;
  const path = leaf === undefined ? '' : `Path ${selected} · `;
  useRenderTiming('hookpath:trace-render', whole, true);
  return (
    <div className="trace-view">
      {jobId !== undefined && <ShareButton jobId={jobId} />}
      {branches.length > 0 && (
        <BranchesPanel
          idPrefix={idPrefix}
          trace={whole}
          selected={selected}
          onSelect={props.onBranch ?? setOwnBranch}
          failed={failedBranches}
        />
      )}
      <VerdictBanner trace={trace} title={reply === undefined ? (leaf === undefined ? undefined : `Path ${selected}`) : `${path}Request`} />
      {reply !== undefined && <VerdictBanner trace={reply} testId="reply-verdict" title={`${path}Reply`} />}
      {trace.roundTrip !== undefined && <RoundTripPanel roundTrip={trace.roundTrip} />}
      <DiagnosisPanel diagnosis={trace.diagnosis} />
      {reply !== undefined && <DiagnosisPanel diagnosis={reply.diagnosis} title="Diagnosis of the reply" testId="reply-diagnosis" />}
      <Tabs idPrefix={idPrefix} tabs={TABS} selected={tab} onSelect={onTab} label="Trace views" />
      <div className="tab-panel" {...tabPanelProps(idPrefix, tab)}>
        {tab === 'steps' && <StepsTab trace={trace} />}
        {tab === 'hooks' && (
          <HookPathTab trace={trace} snapshotId={snapshotId} name={leaf === undefined ? name : `${name}-path-${selected}`} />
        )}
        {tab === 'path' && <NodePathTab trace={trace} from={from} name={leaf === undefined ? name : `${name}-path-${selected}`} />}
        {tab === 'topology' && <TopologyTab trace={trace} snapshotId={snapshotId} />}
        {tab === 'raw' && <RawJson value={whole} fileName={`${name}.json`} />}
      </div>
    </div>
  );
});
