import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('IpsetOption', { description: 'A header option of a set (`hashsize 1024`, `comment`, ...).' })
export class IpsetOptionType {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'Null for a flag without a value (`comment`, `counters`).' })
  value!: string | null;
}

@ObjectType('IpsetMember')
export class IpsetMemberType {
  @Field({ description: 'The element as printed (`10.12.115.101,tcp:80`).' })
  value!: string;

  @Field()
  nomatch!: boolean;

  @Field(() => Int, { nullable: true })
  timeout?: number;

  @Field(() => String, { nullable: true })
  comment?: string;

  @Field(() => Float, { nullable: true })
  packets?: number;

  @Field(() => Float, { nullable: true })
  bytes?: number;
}

@ObjectType('Ipset')
export class IpsetType {
  @Field()
  name!: string;

  @Field({ description: '`hash:net`, `hash:ip,port`, `bitmap:port`, `list:set`, ...' })
  type!: string;

  @Field(() => String, { nullable: true })
  family?: string;
}
