import { useEffect } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../gql';
import type { JobStatus } from '../gql/graphql';

const JobQuery = graphql(`
  query Job($id: ID!) {
    job(id: $id) {
      id
      kind
      status
      progress {
        done
        total
      }
      createdAt
      startedAt
      finishedAt
      error {
        code
        message
      }
      expectations {
        passed
        failed
        unchecked
      }
      result
    }
  }
`);

const JobProgressSubscription = graphql(`
  subscription JobProgress($id: ID!) {
    jobProgress(id: $id) {
      id
      status
      progress {
        done
        total
      }
    }
  }
`);

export const CancelJobMutation = graphql(`
  mutation CancelJob($id: ID!) {
    cancelJob(id: $id) {
      id
      status
      progress {
        done
        total
      }
    }
  }
`);

const FINAL: ReadonlySet<JobStatus> = new Set<JobStatus>(['COMPLETED', 'FAILED', 'CANCELLED']);
export const isFinal = (status: JobStatus): boolean => FINAL.has(status);

/** How often the job is read again when the progress subscription is not available. */
const POLL_MS = 1000;

/**
 * A job as it goes: the `jobProgress` subscription for status and counts, then `job(id)` again once it
 * is final (for the result or the error). If the subscription fails, `job(id)` is polled instead.
 */
export function useJob(id: string) {
  const [query, reexecute] = useQuery({ query: JobQuery, variables: { id } });
  const job = query.data?.job ?? null;
  const jobFinal = job !== null && isFinal(job.status);
  const [live] = useSubscription({ query: JobProgressSubscription, variables: { id }, pause: job === null || jobFinal });
  const update = live.data?.jobProgress;
  const liveFinal = update !== undefined && isFinal(update.status);
  useEffect(() => {
    if (liveFinal && !jobFinal) reexecute({ requestPolicy: 'network-only' });
  }, [liveFinal, jobFinal, reexecute]);
  const subscriptionFailed = live.error !== undefined;
  const hasJob = job !== null;
  useEffect(() => {
    if (!subscriptionFailed || jobFinal || !hasJob) return;
    const timer = window.setInterval(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS);
    return () => window.clearInterval(timer);
  }, [subscriptionFailed, jobFinal, hasJob, reexecute]);
  const status: JobStatus | null = jobFinal ? (job?.status ?? null) : (update?.status ?? job?.status ?? null);
  const progress = jobFinal ? (job?.progress ?? null) : (update?.progress ?? job?.progress ?? null);
  return {
    job,
    status,
    progress,
    error: query.error,
    fetching: query.fetching && job === null,
    notFound: query.data !== undefined && job === null,
  };
}

export type FollowedJob = ReturnType<typeof useJob>;
