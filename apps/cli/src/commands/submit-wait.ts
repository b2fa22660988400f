import { TERMINAL_JOB_STATUSES, type JobDto } from '@hookpath/contracts';
import { ApiResponseError, ApiUnreachableError, DEFAULT_TIMEOUT_MS, type HookpathApi } from '../api-client';
import type { WaitMode } from './submit-args';

/** Seconds per long poll: the API holds `GET <Location>?wait=N` open until the job ends or N seconds pass. */
export const LONG_POLL_SECONDS = 30;
/** Polls that fail for the service's reasons (unreachable, 5xx) are retried this many times before giving up. */
const POLL_RETRIES = 3;

export function hasEnded(job: JobDto): boolean {
  return TERMINAL_JOB_STATUSES.includes(job.status);
}

function transient(error: unknown): boolean {
  return error instanceof ApiUnreachableError || (error instanceof ApiResponseError && error.status >= 500);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Long-polls the job's Location until it has ended or the wait runs out. The job is already stored,
 * so a poll that fails for a transient reason (an API restart) is retried with backoff before the
 * error is reported.
 */
export async function waitForJob(
  api: HookpathApi,
  location: string,
  accepted: JobDto,
  wait: WaitMode,
  onProgress: (job: JobDto) => void,
): Promise<JobDto> {
  const deadline =
    wait.kind === 'seconds' ? Date.now() + wait.seconds * 1000 : wait.kind === 'until-end' ? Number.POSITIVE_INFINITY : Date.now();
  let job = accepted;
  onProgress(job);
  let failures = 0;
  while (!hasEnded(job)) {
    const left = deadline - Date.now();
    if (left <= 0) return job;
    const seconds = Math.max(1, Math.min(LONG_POLL_SECONDS, Math.ceil(left / 1000)));
    try {
      job = (await api.get<JobDto>(`${location}?wait=${seconds}`, { timeoutMs: seconds * 1000 + DEFAULT_TIMEOUT_MS })).body;
      failures = 0;
    } catch (error) {
      if (!transient(error) || failures >= POLL_RETRIES) throw error;
      failures += 1;
      await sleep(500 * 2 ** failures);
      continue;
    }
    onProgress(job);
  }
  return job;
}
