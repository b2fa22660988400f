import { memo } from 'react';
import { useRenderTiming } from '../render-timing';
import { ShareButton } from '../share/ShareButton';
import { Tabs, tabPanelProps } from '../Tabs';
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
 * A trace result: the verdict, the round trip, the diagnosis with its fix, then the tabs (steps, the
 * pictures, the raw document). Everything shown is derived from `trace` alone.
 */
export const TraceView = memo(function TraceView({ trace, tab, onTab, idPrefix = 'trace', jobId, snapshotId, from }: TraceViewProps) {
  const reply = trace.reply;
  const name = `trace-${jobId ?? 'result'}`;
  useRenderTiming('hookpath:trace-render', trace, true);
  return (
    <div className="trace-view">
      {jobId !== undefined && <ShareButton jobId={jobId} />}
      <VerdictBanner trace={trace} title={reply === undefined ? undefined : 'Request'} />
      {reply !== undefined && <VerdictBanner trace={reply} testId="reply-verdict" title="Reply" />}
      {trace.roundTrip !== undefined && <RoundTripPanel roundTrip={trace.roundTrip} />}
      <DiagnosisPanel diagnosis={trace.diagnosis} />
      {reply !== undefined && <DiagnosisPanel diagnosis={reply.diagnosis} title="Diagnosis of the reply" testId="reply-diagnosis" />}
      <Tabs idPrefix={idPrefix} tabs={TABS} selected={tab} onSelect={onTab} label="Trace views" />
      <div className="tab-panel" {...tabPanelProps(idPrefix, tab)}>
        {tab === 'steps' && <StepsTab trace={trace} />}
        {tab === 'hooks' && <HookPathTab trace={trace} snapshotId={snapshotId} name={name} />}
        {tab === 'path' && <NodePathTab trace={trace} from={from} name={name} />}
        {tab === 'topology' && <TopologyTab trace={trace} snapshotId={snapshotId} />}
        {tab === 'raw' && <RawJson value={trace} fileName={`${name}.json`} />}
      </div>
    </div>
  );
});
