import { useEffect, useRef } from 'react';
import { Link } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ChainRuleFragment } from '../../gql/graphql';
import { ErrorPanel } from '../ErrorPanel';
import { formatBytes, formatCount } from '../format';
import { useChainRules } from './use-chain-rules';
import type { ChainRef } from './chain-rules';

/**
 * The rules of one chain in a virtualised list: only the rows on screen exist, so a chain of 100,000
 * rules scrolls as smoothly as one of ten. Rows are read from the API as the list nears them.
 */
export function RuleList({ chainRef, total, chainNames }: { chainRef: ChainRef; total: number; chainNames: ReadonlySet<string> }) {
  const { rule, loaded, error, show } = useChainRules(chainRef);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => 40,
    overscan: 12,
    getItemKey: (index) => index,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    show(first, last + 40);
  }, [first, last, show]);

  if (total === 0) return <p className="muted rule-list-empty">This chain has no rules.</p>;
  return (
    <div className="rule-list">
      {error !== null && <ErrorPanel error={error} />}
      <div className="rule-row rule-head" aria-hidden="true">
        <span>#</span>
        <span>counters</span>
        <span>rule</span>
        <span>line</span>
        <span>target</span>
      </div>
      <div
        ref={scroller}
        className="rule-scroller"
        style={{ height: `min(62vh, ${total * 30 + 4}px)` }}
        role="list"
        aria-label={`Rules of ${chainRef.table} ${chainRef.chain}`}
        tabIndex={0}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="rule-virtual"
              style={{ transform: `translateY(${item.start}px)` }}
              role="listitem"
            >
              <RuleRow rule={rule(item.index)} index={item.index} chainNames={chainNames} />
            </div>
          ))}
        </div>
      </div>
      <p className="muted rule-status">
        {formatCount(total)} rules{loaded < total && ` (${formatCount(loaded)} read so far)`}
      </p>
    </div>
  );
}

function RuleRow({ rule, index, chainNames }: { rule: ChainRuleFragment | undefined; index: number; chainNames: ReadonlySet<string> }) {
  if (rule === undefined) {
    return (
      <div className="rule-row loading">
        <span className="num">{index + 1}</span>
        <span />
        <span className="skeleton" />
        <span />
        <span />
      </div>
    );
  }
  const target = rule.target;
  return (
    <div className="rule-row" data-testid="rule-row">
      <span className="num">{rule.position}</span>
      <span className="num counters">
        {formatCount(rule.packets)}
        <br />
        <span className="muted">{formatBytes(rule.bytes)}</span>
      </span>
      <code className="rule-text">{rule.text}</code>
      <span className="num" title="line in the iptables-save file">
        {rule.line}
      </span>
      <span>
        {target === null || target === undefined ? (
          <span className="muted">—</span>
        ) : chainNames.has(target.name) ? (
          <Link
            from="/snapshots/$snapshotId"
            to="."
            search={(prev) => ({ ...prev, chain: target.name })}
            title={target.kind === 'GOTO' ? 'goto (-g)' : 'jump (-j)'}
          >
            {target.kind === 'GOTO' ? '↪ ' : '→ '}
            {target.name}
          </Link>
        ) : (
          <code>{target.name}</code>
        )}
      </span>
    </div>
  );
}
