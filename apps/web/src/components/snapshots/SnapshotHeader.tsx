import { Link } from '@tanstack/react-router';
import { formatAge, formatCount, formatTime } from '../format';

export interface SnapshotHeaderData {
  id: string;
  name: string;
  cluster?: string | null;
  capturedAt?: string | null;
  createdAt: string;
  description?: string | null;
  hostCount: number;
  warningCount: number;
}

/**
 * Name, cluster and capture time of the snapshot every tab is reading, kept on screen while scrolling:
 * an old snapshot gives confident wrong answers, so its age is never out of sight.
 */
export function SnapshotHeader({ snapshot }: { snapshot: SnapshotHeaderData | null }) {
  if (snapshot === null) {
    return (
      <header className="snapshot-header" aria-busy="true">
        <div className="snapshot-title">
          <span className="skeleton" style={{ width: '16rem' }} />
        </div>
        <div className="snapshot-facts">
          <span className="skeleton" style={{ width: '24rem' }} />
        </div>
      </header>
    );
  }
  const age = formatAge(snapshot.capturedAt);
  return (
    <header className="snapshot-header">
      <div className="snapshot-title">
        <h1>{snapshot.name}</h1>
        <span className="muted">cluster {snapshot.cluster ?? 'not named'}</span>
        <Link className="button-link primary" to="/trace" search={{ snapshot: snapshot.id }}>
          Trace from this snapshot
        </Link>
      </div>
      <div className="snapshot-facts">
        {snapshot.capturedAt === null || snapshot.capturedAt === undefined ? (
          <span className="badge warn" title="snapshot.yaml has no capturedAt">
            capture time unknown
          </span>
        ) : (
          <span>
            captured <time dateTime={snapshot.capturedAt}>{formatTime(snapshot.capturedAt)}</time>
            {age !== null && <span className="muted"> ({age})</span>}
          </span>
        )}
        <span className="muted">uploaded {formatTime(snapshot.createdAt)}</span>
        <span className="muted">
          {formatCount(snapshot.hostCount)} host{snapshot.hostCount === 1 ? '' : 's'}
        </span>
        {snapshot.warningCount > 0 && <span className="badge warn">{formatCount(snapshot.warningCount)} parse warnings</span>}
        {snapshot.description !== null && snapshot.description !== undefined && snapshot.description !== '' && (
          <span className="muted snapshot-description" title={snapshot.description}>
            {snapshot.description}
          </span>
        )}
      </div>
    </header>
  );
}
