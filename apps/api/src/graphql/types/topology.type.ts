import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Endpoint', { description: 'An interface of a host: `<host>:<iface>`.' })
export class EndpointType {
  @Field()
  host!: string;

  @Field()
  iface!: string;
}

@ObjectType('TopologyLink', { description: 'A point-to-point wire (veth pair) between two hosts.' })
export class TopologyLinkType {
  @Field(() => EndpointType)
  a!: EndpointType;

  @Field(() => EndpointType)
  b!: EndpointType;
}

@ObjectType('Segment', { description: 'An L2 segment outside every host.' })
export class SegmentType {
  @Field()
  name!: string;

  @Field(() => [EndpointType])
  members!: EndpointType[];
}

@ObjectType('Topology')
export class TopologyType {
  @Field(() => [TopologyLinkType])
  links!: TopologyLinkType[];

  @Field(() => [SegmentType])
  segments!: SegmentType[];
}
