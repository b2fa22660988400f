import { Field, ID, ObjectType } from '@nestjs/graphql';
import { JobProgressType, JobStatusValue } from './job.type';

@ObjectType('JobProgressUpdate', {
  description: 'One message of `jobProgress`: the status and progress of the job; the full job (result, error) is `job(id)`.',
})
export class JobProgressUpdateType {
  @Field(() => ID)
  id!: string;

  @Field(() => JobStatusValue)
  status!: JobStatusValue;

  @Field(() => JobProgressType)
  progress!: JobProgressType;
}
