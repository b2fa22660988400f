import { useMemo } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { FollowedJob } from '../../api/jobs';
import type { TraceTab } from '../trace/trace-tabs';
import { asTrace } from '../trace/trace-types';
import { TraceView } from '../trace/TraceView';
import { JobEnded } from './JobEnded';

// A trace job's request is one flow: small, read beside the result for its snapshot and start place.
const TraceRequestQuery = graphql(`
  query TraceJobRequest($id: ID!) {
    job(id: $id) {
      id
      request
    }
  }
`);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringField = (value: unknown, key: string): string | undefined =>
  isRecord(value) && typeof value[key] === 'string' ? value[key] : undefined;

/** A trace job's result once it has one: the trace view, or why there is none. */
export function TraceJobResult(props: {
  followed: FollowedJob;
  tab: TraceTab;
  onTab: (tab: TraceTab) => void;
  branch?: number;
  onBranch?: (branch: number) => void;
  failedBranches?: readonly number[];
  idPrefix?: string;
}) {
  const { followed, tab, onTab, branch, onBranch, failedBranches, idPrefix } = props;
  const { job, status } = followed;
  const result = job?.status === 'COMPLETED' ? job.result : undefined;
  const trace = useMemo(() => (result === undefined ? null : asTrace(result)), [result]);
  const [requestRead] = useQuery({ query: TraceRequestQuery, variables: { id: job?.id ?? '' }, pause: trace === null });
  const request = requestRead.data?.job?.request;
  if (job === null) return null;
  if (status !== 'COMPLETED') return <JobEnded followed={followed} />;
  if (job.status !== 'COMPLETED') return <p className="muted">Reading the result…</p>;
  if (trace === null) return <p className="error-panel">The job&apos;s result is not a trace document.</p>;
  return (
    <TraceView
      trace={trace}
      tab={tab}
      onTab={onTab}
      branch={branch}
      onBranch={onBranch}
      failedBranches={failedBranches}
      jobId={job.id}
      idPrefix={idPrefix}
      snapshotId={stringField(request, 'snapshotId')}
      from={stringField(request, 'from')}
    />
  );
}
