import type { CombinedError } from 'urql';
import { apiErrorOf } from '../api/errors';

/** An API error with its code, fix and file/line/column issues. */
export function ErrorPanel({ error }: { error: CombinedError }) {
  const view = apiErrorOf(error);
  return (
    <div className="error-panel" role="alert">
      <p>
        {view.code !== null && <code className="code">{view.code}</code>} {view.message}
      </p>
      {view.fix !== null && <p className="fix">Fix: {view.fix}</p>}
      {view.issues.length > 0 && (
        <ul className="issues">
          {view.issues.map((issue, i) => (
            <li key={i}>
              <code>
                {issue.file ?? '?'}:{issue.line ?? 0}:{issue.column ?? 0}
              </code>{' '}
              {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
