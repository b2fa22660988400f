import { useEffect, useMemo } from 'react';
import { Link } from '@tanstack/react-router';
import { useMutation } from 'urql';
import { useJob } from '../../api/jobs';
import { graphql } from '../../gql';
import { ErrorPanel } from '../ErrorPanel';
import { JobProgress } from '../job/JobProgress';
import { TraceJobResult } from '../job/TraceJobResult';
import { asTrace } from '../trace/trace-types';
import { TraceView, type TraceViewProps } from '../trace/TraceView';
import { traceInputOf, type FlowRequest } from './flow-model';

const TraceFlowMutation = graphql(`
  mutation TraceFlow($input: TraceInput!, $key: String) {
    submitTrace(input: $input, idempotencyKey: $key) {
      id
      status
    }
  }
`);

type Selection = Pick<TraceViewProps, 'tab' | 'onTab' | 'branch' | 'onBranch' | 'failedBranches'>;

function FollowedTrace({ jobId, idPrefix, ...selection }: Selection & { jobId: string; idPrefix: string }) {
  const followed = useJob(jobId);
  return (
    <>
      <p className="small muted">
        Traced again as{' '}
        <Link to="/jobs/$jobId" params={{ jobId }}>
          job {jobId.slice(0, 8)}
        </Link>
        .
      </p>
      <JobProgress followed={followed} />
      <TraceJobResult followed={followed} {...selection} idPrefix={idPrefix} />
    </>
  );
}

/**
 * A stored flow's full trace on one snapshot: the trace the batch kept (flows that failed their
 * expectation), else the flow traced again as a trace job. The idempotency key makes opening the
 * same flow again (or after a reload) reuse that job.
 */
export function FlowTrace(
  props: Selection & { request: FlowRequest; stored: unknown; snapshotId: string; reuseKey: string; idPrefix: string },
) {
  const { request, stored, snapshotId, reuseKey, idPrefix, ...selection } = props;
  const trace = useMemo(() => asTrace(stored), [stored]);
  const [submitted, submit] = useMutation(TraceFlowMutation);
  const needsJob = trace === null;
  useEffect(() => {
    if (needsJob) void submit({ input: traceInputOf(request, snapshotId), key: reuseKey });
  }, [needsJob, request, snapshotId, reuseKey, submit]);
  if (trace !== null) return <TraceView trace={trace} {...selection} idPrefix={idPrefix} snapshotId={snapshotId} from={request.from} />;
  if (submitted.error !== undefined) return <ErrorPanel error={submitted.error} />;
  const jobId = submitted.data?.submitTrace.id;
  if (jobId === undefined) return <p className="muted">Tracing the flow…</p>;
  return <FollowedTrace jobId={jobId} {...selection} idPrefix={idPrefix} />;
}
