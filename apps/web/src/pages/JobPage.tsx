import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useJob } from '../api/jobs';
import { DiffResult } from '../components/diff/DiffResult';
import { ErrorPanel } from '../components/ErrorPanel';
import { BatchResult } from '../components/flows/BatchResult';
import { formatTime } from '../components/format';
import { JobEnded } from '../components/job/JobEnded';
import { JobProgress } from '../components/job/JobProgress';
import { ShareButton } from '../components/share/ShareButton';
import { TraceJobResult } from '../components/job/TraceJobResult';
import type { TraceTab } from '../components/trace/trace-tabs';
import type { JobSearch } from './job/job-search';

export { jobSearch } from './job/job-search';

const KIND_TITLE = { TRACE: 'Trace', TRACE_BATCH: 'Batch', DIFF: 'Diff' } as const;

/** Any job: its live progress and Cancel, then its result (a trace, a batch's flows, a diff). */
export function JobPage() {
  const { jobId } = useParams({ from: '/jobs/$jobId' });
  const search = useSearch({ from: '/jobs/$jobId' });
  const navigate = useNavigate({ from: '/jobs/$jobId' });
  const followed = useJob(jobId);
  const { job, status } = followed;
  const tab = search.tab ?? 'steps';
  const onTab = (next: TraceTab) =>
    void navigate({ search: (prev: JobSearch) => ({ ...prev, tab: next === 'steps' ? undefined : next }), replace: true });
  const onOpenFlow = (flow: number | undefined) =>
    void navigate({ search: (prev: JobSearch) => ({ ...prev, flow, branch: undefined }), replace: true });
  const onBranch = (branch: number) => void navigate({ search: (prev: JobSearch) => ({ ...prev, branch }), replace: true });
  const completed = job !== null && job.status === 'COMPLETED';
  return (
    <section className="panel" key={jobId}>
      <div className="result-head">
        <h1>{job === null ? 'Job' : `${KIND_TITLE[job.kind]} job`}</h1>
        <span className="mono small muted">{jobId}</span>
      </div>
      {job !== null && (
        <p className="small muted">
          Created {formatTime(job.createdAt)}
          {job.finishedAt !== null && job.finishedAt !== undefined && <> · finished {formatTime(job.finishedAt)}</>}
        </p>
      )}
      {followed.error !== undefined && <ErrorPanel error={followed.error} />}
      {followed.notFound && (
        <p className="error-panel">
          There is no job {jobId}. <Link to="/trace">Trace a packet</Link>.
        </p>
      )}
      <JobProgress followed={followed} />
      {completed && <h2>{job.kind === 'TRACE' ? 'Result' : job.kind === 'DIFF' ? 'Differences' : 'Flows'}</h2>}
      {completed && job.kind !== 'TRACE' && <ShareButton jobId={jobId} />}
      {job !== null && job.kind === 'TRACE' && (
        <TraceJobResult followed={followed} tab={tab} onTab={onTab} branch={search.branch} onBranch={onBranch} />
      )}
      {job !== null && job.kind !== 'TRACE' && status !== 'COMPLETED' && <JobEnded followed={followed} />}
      {completed && job.kind === 'TRACE_BATCH' && (
        <BatchResult
          jobId={jobId}
          result={job.result}
          openFlow={search.flow}
          onOpenFlow={onOpenFlow}
          tab={tab}
          onTab={onTab}
          branch={search.branch}
          onBranch={onBranch}
        />
      )}
      {completed && job.kind === 'DIFF' && (
        <DiffResult jobId={jobId} result={job.result} openFlow={search.flow} onOpenFlow={onOpenFlow} tab={tab} onTab={onTab} />
      )}
    </section>
  );
}
