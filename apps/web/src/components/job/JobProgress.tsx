import { useMutation } from 'urql';
import { CancelJobMutation, isFinal, type FollowedJob } from '../../api/jobs';
import { ErrorPanel } from '../ErrorPanel';

const STATUS_TEXT: Record<string, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

/**
 * A job's status and progress in a box of fixed height (no layout shift while it runs), with Cancel
 * while it has not ended.
 */
export function JobProgress({ followed }: { followed: FollowedJob }) {
  const [cancel, runCancel] = useMutation(CancelJobMutation);
  const { job, status, progress } = followed;
  if (job === null || status === null || progress === null) return <div className="job-progress" aria-busy="true" />;
  const final = isFinal(status);
  const total = progress.total;
  const percent = total > 0 ? Math.min(100, Math.round((progress.done / total) * 100)) : final ? 100 : 0;
  const counts =
    total > 0 ? `${progress.done.toLocaleString()} of ${total.toLocaleString()} flows` : status === 'COMPLETED' ? '' : 'counting flows…';
  return (
    <div className="job-progress" data-testid="job-progress" data-status={status}>
      <div className="job-progress-head">
        <span className={`job-status status-${status.toLowerCase()}`} role="status">
          {STATUS_TEXT[status] ?? status}
        </span>
        <span className="muted small job-counts">{counts}</span>
        {!final && (
          <button type="button" className="danger" onClick={() => void runCancel({ id: job.id })} disabled={cancel.fetching}>
            Cancel
          </button>
        )}
      </div>
      <div
        className={`progress-bar${final ? '' : ' live'}`}
        role="progressbar"
        aria-label="Job progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={counts === '' ? STATUS_TEXT[status] : counts}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      {cancel.error !== undefined && <ErrorPanel error={cancel.error} />}
    </div>
  );
}
