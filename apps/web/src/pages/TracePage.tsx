import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useMutation } from 'urql';
import { useJob } from '../api/jobs';
import { ErrorPanel } from '../components/ErrorPanel';
import { JobProgress } from '../components/job/JobProgress';
import { TraceJobResult } from '../components/job/TraceJobResult';
import { graphql } from '../gql';
import type { TraceInput } from '../gql/graphql';
import { TraceForm, type TraceFormValues } from './trace/TraceForm';
import { parseMark, type TraceSearch } from './trace/trace-search';
import type { TraceTab } from '../components/trace/trace-tabs';

export { traceSearch } from './trace/trace-search';

const SubmitTraceMutation = graphql(`
  mutation SubmitTrace($input: TraceInput!) {
    submitTrace(input: $input) {
      id
      status
    }
  }
`);

function traceInput(values: TraceFormValues): TraceInput | null {
  if (values.snapshot === undefined || values.from === undefined || values.src === undefined || values.dst === undefined) return null;
  const mark = parseMark(values.mark);
  return {
    snapshotId: values.snapshot,
    from: values.from.trim(),
    src: values.src.trim(),
    dst: values.dst.trim(),
    ...(values.proto === undefined ? {} : { proto: values.proto === 'tcp' ? 'TCP' : values.proto === 'udp' ? 'UDP' : 'ICMP' }),
    ...(values.proto === 'icmp' ? {} : { sport: values.sport, dport: values.dport }),
    ...(values.proto === 'tcp' || values.proto === 'udp' ? {} : { icmpId: values.icmpId }),
    ...(mark === undefined ? {} : { mark }),
    ...(values.backend === undefined ? {} : { backend: values.backend.trim() }),
    ...(values.choose === undefined ? {} : { choose: values.choose.trim() }),
    ...(values.roundTrip === true ? { roundTrip: true } : {}),
  };
}

/** The job the URL names: its progress, then its trace. */
function TraceJob({
  jobId,
  tab,
  onTab,
  branch,
  onBranch,
}: {
  jobId: string;
  tab: TraceTab;
  onTab: (tab: TraceTab) => void;
  branch: number | undefined;
  onBranch: (branch: number) => void;
}) {
  const followed = useJob(jobId);
  return (
    <section className="panel" aria-label="Result">
      <div className="result-head">
        <h2>Result</h2>
        <Link to="/jobs/$jobId" params={{ jobId }} className="small">
          job {jobId.slice(0, 8)}
        </Link>
      </div>
      {followed.error !== undefined && <ErrorPanel error={followed.error} />}
      {followed.notFound && <p className="error-panel">There is no job {jobId}.</p>}
      <JobProgress followed={followed} />
      <TraceJobResult followed={followed} tab={tab} onTab={onTab} branch={branch} onBranch={onBranch} />
    </section>
  );
}

/** Trace one packet: the form, then the job's result; all of it in the URL. */
export function TracePage() {
  const search = useSearch({ from: '/trace' });
  const navigate = useNavigate({ from: '/trace' });
  const [submitted, submit] = useMutation(SubmitTraceMutation);
  const { job, tab, branch, ...values } = search;
  const change = (patch: Partial<TraceFormValues>) =>
    void navigate({ search: (prev: TraceSearch) => ({ ...prev, ...patch }), replace: true });
  const run = () => {
    const input = traceInput(values);
    if (input === null) return;
    void submit({ input }).then((result) => {
      const id = result.data?.submitTrace.id;
      if (id !== undefined) void navigate({ search: (prev: TraceSearch) => ({ ...prev, job: id, tab: undefined, branch: undefined }) });
    });
  };
  const onTab = (next: TraceTab) =>
    void navigate({ search: (prev: TraceSearch) => ({ ...prev, tab: next === 'steps' ? undefined : next }), replace: true });
  const onBranch = (next: number) => void navigate({ search: (prev: TraceSearch) => ({ ...prev, branch: next }), replace: true });
  return (
    <>
      <section className="panel">
        <h1>Trace a packet</h1>
        <TraceForm values={values} onChange={change} onSubmit={run} submitting={submitted.fetching} />
        {submitted.error !== undefined && <ErrorPanel error={submitted.error} />}
      </section>
      {job !== undefined && <TraceJob key={job} jobId={job} tab={tab ?? 'steps'} onTab={onTab} branch={branch} onBranch={onBranch} />}
    </>
  );
}
