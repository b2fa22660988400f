import type { JobEvent, JobStatus } from '@hookpath/contracts';
import type { JobRecord } from '@hookpath/data-access';
import type { JobEvents } from '../../jobs/job-events';
import { isTerminal, WAIT_RECHECK_MS, type JobsService } from '../../jobs/jobs.service';

/** One state of a job as the progress subscription reports it. */
export interface JobProgressState {
  id: string;
  status: JobStatus;
  done: number;
  total: number;
}

function stateOf(job: JobRecord): JobProgressState {
  return { id: job.id, status: job.status, done: job.progressDone, total: job.progressTotal };
}

/**
 * Whether `next` is news after `last`. Progress only grows: an event published before a Postgres
 * read but delivered after it carries an older count and is dropped, and a re-read that shows
 * nothing new is not repeated.
 */
function advances(last: JobProgressState, next: JobProgressState): boolean {
  if (isTerminal(last.status)) return false;
  if (isTerminal(next.status)) return true;
  if (next.done < last.done) return false;
  return next.status !== last.status || next.done !== last.done || next.total !== last.total;
}

/**
 * The states of one job from now until it ends: its stored state at once, then each event the
 * workers publish about it, ending after a final status. The wait between states is the one of
 * JobsService.waitForEnd (JobEvents.next: the next event or WAIT_RECHECK_MS), and a wait that
 * brings no event re-reads Postgres, so without Redis the feed degrades to polling.
 */
export class JobProgressFeed {
  constructor(
    private readonly service: JobsService,
    private readonly events: JobEvents,
  ) {}

  /** Throws JOB_NOT_FOUND before anything is emitted when there is no such job. */
  async watch(id: string): Promise<AsyncIterableIterator<JobProgressState>> {
    const pending: JobEvent[] = [];
    // Listen before the first read, so an event between the read and the first wait is kept.
    const stop = this.events.listen(id, (event) => pending.push(event));
    let first: JobProgressState;
    try {
      first = stateOf(await this.service.get(id));
    } catch (error) {
      stop();
      throw error;
    }
    const abort = new AbortController();
    const states = this.follow(id, first, pending, abort.signal, stop);
    const iterator: AsyncIterableIterator<JobProgressState> = {
      next: () => states.next(),
      // The client unsubscribed or went away: end the wait now rather than at the next state
      // (and stop listening even if the generator never started, when its `finally` cannot run).
      return: () => {
        abort.abort();
        stop();
        return states.return(undefined);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private async *follow(
    id: string,
    first: JobProgressState,
    pending: JobEvent[],
    signal: AbortSignal,
    stop: () => void,
  ): AsyncGenerator<JobProgressState> {
    try {
      let last = first;
      yield last;
      while (!isTerminal(last.status) && !signal.aborted) {
        if (pending.length === 0) await this.events.next(id, WAIT_RECHECK_MS, signal);
        if (signal.aborted) return;
        const candidates = pending.length > 0 ? pending.splice(0) : [stateOf(await this.service.get(id))];
        for (const candidate of candidates) {
          if (!advances(last, candidate)) continue;
          last = candidate;
          yield last;
        }
      }
    } finally {
      stop();
    }
  }
}
