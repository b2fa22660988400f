import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('RouteNexthop')
export class RouteNexthopType {
  @Field(() => String, { nullable: true })
  gateway?: string;

  @Field(() => String, { nullable: true })
  dev?: string;

  @Field(() => Int)
  weight!: number;

  @Field(() => [String])
  flags!: string[];
}

@ObjectType('Route')
export class RouteType {
  @Field({ description: 'Canonical table name: `local`, `main`, `default`, or the decimal table id.' })
  table!: string;

  @Field({ description: '`unicast`, `local`, `broadcast`, `blackhole`, `unreachable`, ...' })
  type!: string;

  @Field({ description: '`default` or a prefix in CIDR form.' })
  dst!: string;

  @Field(() => String, { nullable: true })
  gateway?: string;

  @Field(() => String, { nullable: true })
  dev?: string;

  @Field(() => String, { nullable: true })
  protocol?: string;

  @Field(() => String, { nullable: true })
  scope?: string;

  @Field(() => String, { nullable: true })
  prefsrc?: string;

  @Field(() => Int, { nullable: true })
  metric?: number;

  @Field(() => [String])
  flags!: string[];

  @Field(() => [RouteNexthopType], { description: 'Every path of a multipath route; empty for a single path.' })
  nexthops!: RouteNexthopType[];
}
