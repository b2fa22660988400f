import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ConntrackTuple')
export class ConntrackTupleType {
  @Field()
  src!: string;

  @Field()
  dst!: string;

  @Field(() => Int, { nullable: true })
  sport?: number;

  @Field(() => Int, { nullable: true })
  dport?: number;

  @Field(() => Int, { nullable: true, description: 'ICMP type.' })
  type?: number;

  @Field(() => Int, { nullable: true, description: 'ICMP code.' })
  code?: number;

  @Field(() => Int, { nullable: true, description: 'ICMP id.' })
  id?: number;

  @Field(() => Float, { nullable: true })
  packets?: number;

  @Field(() => Float, { nullable: true })
  bytes?: number;
}

@ObjectType('ConntrackEntry')
export class ConntrackEntryType {
  @Field({ description: '`ipv4` or `ipv6`.' })
  family!: string;

  @Field()
  protocol!: string;

  @Field(() => Int)
  protoNum!: number;

  @Field(() => Int, { nullable: true, description: 'Seconds left before the entry expires.' })
  timeout?: number;

  @Field(() => String, { nullable: true, description: 'TCP / SCTP state; absent for udp and icmp.' })
  state?: string;

  @Field(() => ConntrackTupleType)
  original!: ConntrackTupleType;

  @Field(() => ConntrackTupleType)
  reply!: ConntrackTupleType;

  @Field()
  unreplied!: boolean;

  @Field()
  assured!: boolean;

  @Field(() => Float, { nullable: true, description: 'Unsigned 32-bit connection mark.' })
  mark?: number;

  @Field(() => Int, { nullable: true })
  zone?: number;

  @Field(() => Int, { nullable: true })
  use?: number;

  @Field(() => Float, { nullable: true })
  id?: number;

  @Field(() => String, { nullable: true })
  secctx?: string;

  @Field({ description: 'The line as printed.' })
  text!: string;

  @Field(() => Int)
  line!: number;
}
