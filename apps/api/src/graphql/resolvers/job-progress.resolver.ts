import { Inject } from '@nestjs/common';
import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { JobProgressFeed, type JobProgressState } from '../subscriptions/job-progress-feed';
import { JobProgressUpdateType } from '../types/job-progress-update.type';
import type { JobStatusValue } from '../types/job.type';

function toUpdate(state: JobProgressState): JobProgressUpdateType {
  return { id: state.id, status: state.status as JobStatusValue, progress: { done: state.done, total: state.total } };
}

/** Job progress over graphql-ws (same path, /graphql); the token comes in `connection_init`. */
@Resolver(() => JobProgressUpdateType)
export class JobProgressResolver {
  constructor(@Inject(JobProgressFeed) private readonly feed: JobProgressFeed) {}

  @Subscription(() => JobProgressUpdateType, {
    description:
      'The job now, then each progress update as the workers report it; completes after COMPLETED, FAILED or CANCELLED. An unknown id is the error JOB_NOT_FOUND.',
    resolve: toUpdate,
  })
  async jobProgress(@Args('id', { type: () => ID }) id: string): Promise<AsyncIterableIterator<JobProgressState>> {
    return this.feed.watch(id);
  }
}
