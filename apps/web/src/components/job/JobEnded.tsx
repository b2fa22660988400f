import type { FollowedJob } from '../../api/jobs';

/** Why a job has no result: it failed (its code and message) or was cancelled; null otherwise. */
export function JobEnded({ followed }: { followed: FollowedJob }) {
  const { job, status } = followed;
  if (status === 'FAILED') {
    return (
      <div className="error-panel" role="alert">
        <p>
          <code className="code">{job?.error?.code ?? 'FAILED'}</code> {job?.error?.message ?? 'The job failed.'}
        </p>
      </div>
    );
  }
  if (status === 'CANCELLED') return <p className="notice">The job was cancelled before it finished.</p>;
  return null;
}
