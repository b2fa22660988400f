import { useState, type ReactNode } from 'react';
import type { StoredFlow } from '../../api/job-flows';
import { pathNumbers } from '../trace/branch-model';
import { flowTitle } from './flow-model';

const PAGE = 25;

/** Whether the flow met its expectation: ✓ passed, ✗ failed (on which paths of its trace), nothing without one. */
export function ExpectBadge({ flow }: { flow: StoredFlow }) {
  if (flow.expect === null || flow.passed === null) return null;
  return (
    <span className={`expect-badge ${flow.passed ? 'ok' : 'bad'}`}>
      {flow.passed ? '✓' : '✗'} expected {flow.expect === 'same-as-base' ? 'the same as on the base' : flow.expect}
      {!flow.passed && flow.failedBranches.length > 0 && (
        <span data-testid="failed-branches"> — failed on {pathNumbers(flow.failedBranches)}</span>
      )}
    </span>
  );
}

/**
 * Flows as rows that open in place (one at a time, the page keeps which in its URL); long lists show
 * PAGE rows at first. `detail` renders what an open flow shows, `extra` a row's right-hand side.
 */
export function FlowList({
  flows,
  open,
  onOpen,
  detail,
  extra,
}: {
  flows: readonly StoredFlow[];
  open: number | undefined;
  onOpen: (index: number | undefined) => void;
  detail: (flow: StoredFlow) => ReactNode;
  extra?: (flow: StoredFlow) => ReactNode;
}) {
  const [all, setAll] = useState(false);
  const openPosition = flows.findIndex((f) => f.index === open);
  const shown = all || flows.length <= PAGE || openPosition >= PAGE ? flows : flows.slice(0, PAGE);
  return (
    <ul className="flow-list">
      {shown.map((flow) => {
        const isOpen = flow.index === open;
        return (
          <li key={flow.index} className={`flow-row${isOpen ? ' open' : ''}`} data-testid="flow-row">
            <button type="button" className="flow-toggle" aria-expanded={isOpen} onClick={() => onOpen(isOpen ? undefined : flow.index)}>
              <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span> <span className="flow-num">#{flow.index + 1}</span>{' '}
              <span className="flow-title">{flowTitle(flow)}</span>
            </button>
            <span className="flow-extra">
              {extra?.(flow)}
              <ExpectBadge flow={flow} />
            </span>
            {isOpen && <div className="flow-detail">{detail(flow)}</div>}
          </li>
        );
      })}
      {shown.length < flows.length && (
        <li className="flow-more">
          <button type="button" onClick={() => setAll(true)}>
            Show all {flows.length} flows
          </button>
        </li>
      )}
    </ul>
  );
}
