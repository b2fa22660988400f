import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ParseIssue', { description: 'A problem found while reading a snapshot file.' })
export class ParseIssueType {
  @Field({ description: 'Path of the file inside the snapshot.' })
  file!: string;

  @Field(() => Int, { description: '1-based line; 0 when the problem concerns the whole file.' })
  line!: number;

  @Field(() => Int, { description: '1-based column of the offending token; 0 when not applicable.' })
  column!: number;

  @Field()
  message!: string;

  @Field({ description: 'The offending line, verbatim.' })
  text!: string;
}
