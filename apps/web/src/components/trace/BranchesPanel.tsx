import { memo, useRef, type KeyboardEvent } from 'react';
import { branchSummaryText, branchTone, clip, mostLikelyBranch, percentText } from '@hookpath/report';
import type { TraceBranch, TraceChoice } from './branch-model';
import type { Trace } from './trace-types';

const endedAt = (t: Pick<Trace, 'disposition' | 'dropReason' | 'end'>): string => {
  const code = t.dropReason === null ? t.disposition : `${t.disposition} (${t.dropReason})`;
  const end = t.end;
  if (end === null) return code;
  return `${code} ${t.disposition === 'DELIVERED' ? 'to' : 'at'} ${end.host}${t.disposition === 'EXITED' && end.iface !== null ? `:${end.iface}` : ''}`;
};

/** How a leaf ends, with where: the request, then the reply when it did not come back. */
function branchEnd(branch: TraceBranch): string {
  const reply = branch.reply;
  return reply === undefined || reply.disposition === 'DELIVERED' ? endedAt(branch) : `${endedAt(branch)}; reply ${endedAt(reply)}`;
}

function Choice({ choice }: { choice: TraceChoice }) {
  const others = choice.among.filter((a) => a !== choice.chosen);
  return (
    <span className="branch-choice" title={choice.rule}>
      <span className="muted">
        {choice.host} {choice.kind}
      </span>{' '}
      <strong className="mono">{choice.chosen}</strong>
      {choice.weight === undefined && <span className="muted"> (pinned)</span>}
      {others.length > 0 && <span className="muted"> among {clip(choice.among.join(', '), 160)}</span>}
    </span>
  );
}

export interface BranchesPanelProps {
  trace: Trace;
  /** Distinguishes the ids of several views on one page. */
  idPrefix: string;
  /** 1-based number of the leaf shown below. */
  selected: number;
  onSelect: (branch: number) => void;
  /** 1-based numbers of the leaves that failed the flow's expectation (a batch or diff flow). */
  failed?: readonly number[];
}

/**
 * The paths a trace may take where the snapshot does not fix a choice: how they end in one line, then
 * one row per leaf (its probability, its choices, how it ends); selecting a row (click, or Up and Down)
 * shows that leaf below.
 */
export const BranchesPanel = memo(function BranchesPanel({ trace, idPrefix, selected, onSelect, failed = [] }: BranchesPanelProps) {
  const branches = trace.branches ?? [];
  const likely = mostLikelyBranch(branches);
  const omitted = trace.branchesOmitted ?? 0;
  const rows = useRef(new Map<number, HTMLButtonElement>());
  // Up and Down (Home, End) move the selection along the rows, as the tabs do with Left and Right.
  const move = (event: KeyboardEvent<HTMLUListElement>) => {
    const next =
      event.key === 'ArrowDown'
        ? selected + 1
        : event.key === 'ArrowUp'
          ? selected - 1
          : event.key === 'Home'
            ? 1
            : event.key === 'End'
              ? branches.length
              : 0;
    if (next < 1 || next > branches.length) return;
    event.preventDefault();
    onSelect(next);
    rows.current.get(next)?.focus();
  };
  return (
    <section className="branches" data-testid="branches" aria-labelledby={`${idPrefix}-paths`}>
      <h3 id={`${idPrefix}-paths`}>Paths</h3>
      <p className="branch-summary" data-testid="branch-summary">
        {branchSummaryText(branches)}
      </p>
      <ul className="branch-list" onKeyDown={move}>
        {branches.map((branch, i) => {
          const n = i + 1;
          const tone = branchTone(branch);
          const isFailed = failed.includes(n);
          return (
            <li key={n}>
              <button
                ref={(el) => {
                  if (el === null) rows.current.delete(n);
                  else rows.current.set(n, el);
                }}
                type="button"
                className={`branch-row ${tone}`}
                aria-pressed={n === selected}
                data-testid="branch-row"
                data-branch={n}
                onClick={() => onSelect(n)}
              >
                <span className="branch-num">#{n}</span>
                <span className="branch-probability">
                  <span className="branch-bar" aria-hidden="true">
                    <span style={{ width: `${Math.max(0, Math.min(1, branch.probability)) * 100}%` }} />
                  </span>
                  <span className="mono">{percentText(branch.probability)}</span>
                </span>
                <span className="branch-choices">
                  {branch.choices.length === 0 ? (
                    <span className="muted">no choice</span>
                  ) : (
                    branch.choices.map((c, j) => <Choice key={j} choice={c} />)
                  )}
                </span>
                <span className={`branch-end tone-text ${tone}`}>{branchEnd(branch)}</span>
                <span className="branch-marks">
                  {i === likely.index && <span className="badge">{likely.tied ? 'most likely (tie: first)' : 'most likely'}</span>}
                  {isFailed && <span className="badge bad">✗ expectation</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {omitted > 0 && (
        <p className="muted small" data-testid="branches-omitted">
          {omitted.toLocaleString()} more path{omitted === 1 ? '' : 's'} not listed
        </p>
      )}
    </section>
  );
});
