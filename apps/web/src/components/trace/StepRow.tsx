import { memo } from 'react';
import { PacketChange } from './PacketChange';
import { StepIcon } from './StepIcon';
import type { StepModel } from './step-model';
import type { TraceStep } from './trace-types';

const BAD_VERDICTS = new Set(['DROP', 'REJECT', 'POLICY_DROP']);

/** Where a step happens: the hook and priority, the table and chain; for OVN the stage. */
function Place({ step }: { step: TraceStep }) {
  if (step.kind === 'ovn') {
    return <span className="step-place mono">{step.stage ?? 'ovn'}</span>;
  }
  const parts: string[] = [];
  if (step.hook !== undefined) parts.push(step.priority === undefined ? step.hook : `${step.hook} ${step.priority}`);
  if (step.table !== undefined || step.chain !== undefined) parts.push(`${step.table ?? '?'}/${step.chain ?? '?'}`);
  if (parts.length === 0) parts.push(step.kind.replace('_', ' '));
  if (step.iface !== undefined) parts.push(`dev ${step.iface}`);
  return <span className="step-place mono">{parts.join('  ')}</span>;
}

function OvnDetails({ step }: { step: TraceStep }) {
  const after = step.packetAfter;
  return (
    <div className="ovn-details" data-testid="ovn-step">
      {step.object !== undefined && (
        <div className="ovn-object">
          <span className="ovn-table">{step.object.table}</span> <code>{step.object.text}</code>
          {step.object.owner !== null && <span className="muted"> — {step.object.owner}</span>}
        </div>
      )}
      <div className="ovn-meta muted small">
        {step.chassis !== undefined && <span>chassis {step.chassis}</span>}
        {step.iface !== undefined && <span>outport {step.iface}</span>}
        {after?.ethSrc !== undefined && (
          <span className="mono">
            eth {after.ethSrc} → {after.ethDst ?? '?'}
          </span>
        )}
      </div>
    </div>
  );
}

/** One step of the timeline: plain markup, no state, memoised on the model (a trace's models never change). */
export const StepRow = memo(function StepRow({ model }: { model: StepModel }) {
  const { step, index } = model;
  const bad = model.stop || (step.verdict !== undefined && BAD_VERDICTS.has(step.verdict));
  return (
    <li
      className={`step-row${model.decisive ? ' decisive' : ''}${bad ? ' bad' : ''}`}
      data-testid="step-row"
      data-decisive={model.decisive ? 'true' : undefined}
      data-kind={step.kind}
    >
      <span className="step-num">{index + 1}</span>
      <StepIcon kind={step.kind} />
      <div className="step-main">
        <div className="step-head">
          <span className="step-host">{step.host}</span>
          <Place step={step} />
          {step.verdict !== undefined && <span className={`step-verdict${bad ? ' bad' : ''}`}>{step.verdict}</span>}
        </div>
        {step.rule !== undefined && step.rule !== null && (
          <pre className="step-rule">
            {step.line !== undefined && <span className="step-line">{step.line}:</span>}
            {step.rule}
          </pre>
        )}
        {step.kind === 'ovn' && <OvnDetails step={step} />}
        <p className="step-expl">{step.explanation}</p>
      </div>
      <div className="step-packet">
        <PacketChange before={model.before} after={model.after} changed={model.changed} first={index === 0} />
      </div>
    </li>
  );
});
