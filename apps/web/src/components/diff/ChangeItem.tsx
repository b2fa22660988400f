import { memo } from 'react';
import { changePlace, type StructuralChange } from './diff-model';

/** One structural change: its kind, where it is, and the item before (−) and after (+). */
export const ChangeItem = memo(function ChangeItem({ change }: { change: StructuralChange }) {
  return (
    <li className="change-item" data-testid="structural-change">
      <div className="change-head">
        <span
          className={`change-kind ${change.kind.endsWith('added') ? 'added' : change.kind.endsWith('removed') ? 'removed' : 'changed'}`}
        >
          {change.kind}
        </span>
        <span className="mono small">{changePlace(change)}</span>
      </div>
      <pre className="change-text">
        {change.before !== undefined && <span className="del">− {change.before}</span>}
        {change.before !== undefined && change.after !== undefined && '\n'}
        {change.after !== undefined && <span className="ins">+ {change.after}</span>}
      </pre>
    </li>
  );
});
