import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../pagination/connection';
import { ParseIssueType } from './parse-issue.type';

@ObjectType('SnapshotCaptured', {
  description: 'What a snapshot captured besides its hosts (each host lists its own files in `Host.files`).',
})
export class SnapshotCapturedType {
  @Field({ description: 'The OVN northbound database (ovn/): `Snapshot.ovn` is not null.' })
  ovn!: boolean;

  @Field({ description: 'Kubernetes objects (k8s/), the owners of OVN rows and iptables chains.' })
  k8s!: boolean;
}

/** Fields read straight from the stored snapshot; the rest are resolved by SnapshotResolver. */
@ObjectType('Snapshot', { description: 'An uploaded cluster network snapshot.' })
export class SnapshotType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  cluster!: string | null;

  @Field(() => String, { nullable: true, description: 'When it was captured, as written in snapshot.yaml (RFC 3339).' })
  capturedAt!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: 'sha256 of the snapshot content; identical uploads share it.' })
  contentHash!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was uploaded.' })
  createdAt!: Date;

  @Field(() => Int)
  fileCount!: number;

  @Field(() => Int)
  totalBytes!: number;

  @Field(() => [ParseIssueType], { description: 'Problems met while reading the snapshot files.' })
  warnings!: ParseIssueType[];

  @Field(() => [String], { description: 'Files kept raw (ovn/, k8s/).' })
  rawOnly!: string[];
}

@ObjectType('SnapshotConnection')
export class SnapshotConnectionType extends Connection(SnapshotType, 'Snapshot') {}
