import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../pagination/connection';

export enum ReportKindValue {
  TRACE = 'trace',
  BATCH = 'batch',
  DIFF = 'diff',
}

registerEnumType(ReportKindValue, {
  name: 'ReportKind',
  description: 'The kind of job a report shares: a trace, a trace batch or a diff.',
});

@ObjectType('CreatedReport', { description: 'A new report and its secret link: the only time the link is shown.' })
export class CreatedReportType {
  @Field(() => ID)
  id!: string;

  @Field({
    description: '`<public base>/r/<token>`: anyone holding it can read the report, without a token, until it expires or is revoked.',
  })
  url!: string;

  @Field(() => GraphQLISODateTime)
  expiresAt!: Date;
}

@ObjectType('Report', { description: 'A shared report (its link is never shown again after createReport).' })
export class ReportType {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => ReportKindValue)
  kind!: ReportKindValue;

  @Field(() => ID, { description: 'The job the report was made from.' })
  jobId!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'The link answers nothing after this.' })
  expiresAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Set when the report was revoked.' })
  revokedAt!: Date | null;

  @Field({ description: 'The name of the API token that made it.' })
  createdBy!: string;
}

@ObjectType('ReportConnection')
export class ReportConnectionType extends Connection(ReportType, 'Report') {}
