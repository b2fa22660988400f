import { Fragment, memo, useCallback, useMemo, useState } from 'react';
import { StepRow } from './StepRow';
import { stepModels, timelineRows, type StepModel } from './step-model';
import type { Trace } from './trace-types';

function stageName(model: StepModel): string {
  const step = model.step;
  if (step.kind === 'ovn') return step.stage ?? 'ovn';
  if (step.kind === 'netfilter') return `${step.table ?? ''} ${step.hook ?? ''} policy`.trim();
  return step.hook === undefined ? step.kind : `${step.kind} ${step.hook}`;
}

const FoldRow = memo(function FoldRow({
  id,
  models,
  open,
  onToggle,
}: {
  id: string;
  models: StepModel[];
  open: boolean;
  onToggle: (id: string) => void;
}) {
  const first = models[0] as StepModel;
  const last = models[models.length - 1] as StepModel;
  const names = [...new Set(models.map(stageName))].join(', ');
  return (
    <li className="step-fold">
      <button type="button" aria-expanded={open} onClick={() => onToggle(id)}>
        {open ? '▾ hide' : '▸'} {models.length} more {models.length === 1 ? 'stage' : 'stages'} (steps {first.index + 1}–{last.index + 1})
      </button>
      {!open && <span className="muted small fold-names">that changed nothing: {names}</span>}
    </li>
  );
});

/**
 * The ordered steps of a trace. Runs of stages that changed nothing fold into one expandable row; the
 * decisive step is never folded. Rows are plain and memoised, so a 200-step trace renders at once.
 */
export const StepTimeline = memo(function StepTimeline({ trace, label }: { trace: Trace; label: string }) {
  const rows = useMemo(() => timelineRows(stepModels(trace)), [trace]);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback(
    (id: string) =>
      setOpen((previous) => {
        const next = new Set(previous);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  if (trace.steps.length === 0) return <p className="muted">The trace has no steps.</p>;
  return (
    <ol className="step-list" aria-label={label}>
      {rows.map((row) =>
        row.type === 'step' ? (
          <StepRow key={row.model.index} model={row.model} />
        ) : (
          <Fragment key={row.key}>
            <FoldRow id={row.key} models={row.models} open={open.has(row.key)} onToggle={toggle} />
            {open.has(row.key) && row.models.map((model) => <StepRow key={model.index} model={model} />)}
          </Fragment>
        ),
      )}
    </ol>
  );
});
