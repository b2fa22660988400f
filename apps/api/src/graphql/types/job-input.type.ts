import { Field, Float, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';

export enum ProtocolValue {
  TCP = 'tcp',
  UDP = 'udp',
  ICMP = 'icmp',
}

registerEnumType(ProtocolValue, { name: 'Protocol' });

export enum FlowExpectationValue {
  DELIVERED = 'DELIVERED',
  EXITED = 'EXITED',
  DROPPED = 'DROPPED',
  REJECTED = 'REJECTED',
  UNKNOWN = 'UNKNOWN',
  SAME_AS_BASE = 'same-as-base',
}

registerEnumType(FlowExpectationValue, {
  name: 'FlowExpectation',
  description: 'What a flow must do: a disposition, or (in a diff) SAME_AS_BASE, what it does on the base snapshot.',
});

export enum BranchQuantifierValue {
  ALL = 'all',
  ANY = 'any',
}

registerEnumType(BranchQuantifierValue, {
  name: 'BranchQuantifier',
  description: 'How an expectation reads a trace with branches: ALL, every branch must meet it (the default); ANY, one is enough.',
});

export enum FlowGeneratorValue {
  PODS_TO_SERVICES = 'pods-to-services',
  PODS_TO_OUTSIDE = 'pods-to-outside',
  OUTSIDE_TO_EXPOSED = 'outside-to-exposed',
}

registerEnumType(FlowGeneratorValue, { name: 'FlowGeneratorName' });

/** A flow as `hookpath trace` takes it; the REST body's fields, validated by the same schema. */
@InputType('FlowInput')
export class FlowInput {
  @Field({ description: '`<host>`, `<host>:<iface>` or `ovn:<logical-switch-port>`.' })
  from!: string;

  @Field()
  src!: string;

  @Field()
  dst!: string;

  @Field(() => ProtocolValue, { nullable: true, description: 'Default: TCP with ports, else ICMP.' })
  proto?: ProtocolValue | null;

  @Field(() => Int, { nullable: true })
  sport?: number | null;

  @Field(() => Int, { nullable: true })
  dport?: number | null;

  @Field(() => Int, { nullable: true })
  icmpId?: number | null;

  @Field(() => Float, { nullable: true, description: 'Packet mark, 0 to 4294967295.' })
  mark?: number | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Flags of a TCP packet, e.g. ["ACK"] for one in the middle of a connection (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR); default a SYN.',
  })
  tcpFlags?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'IP TTL the packet is sent with, 1 to 255; default 64.' })
  ttl?: number | null;

  @Field(() => String, { nullable: true, description: 'IPVS real server or OVN load balancer backend to pick, `ip:port`.' })
  backend?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The branch to follow: a next hop of an OVN ECMP route, reroute policy or multipath route, a device, or the chain a statistic rule jumps to.',
  })
  choose?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Trace the answer too.' })
  roundTrip?: boolean | null;

  @Field(() => String, { nullable: true })
  label?: string | null;

  @Field(() => FlowExpectationValue, { nullable: true })
  expect?: FlowExpectationValue | null;

  @Field(() => BranchQuantifierValue, {
    nullable: true,
    description: 'Where the trace has branches: ALL (default), every branch must meet `expect`; ANY, one is enough.',
  })
  branches?: BranchQuantifierValue | null;
}

@InputType('TraceInput')
export class TraceInput extends FlowInput {
  @Field(() => ID)
  snapshotId!: string;
}

@InputType('FlowGeneratorInput')
export class FlowGeneratorInput {
  @Field(() => FlowGeneratorValue)
  name!: FlowGeneratorValue;

  @Field(() => [String], { nullable: true, description: 'Destinations of PODS_TO_OUTSIDE.' })
  outside?: string[] | null;
}

@InputType('TraceBatchInput')
export class TraceBatchInput {
  @Field(() => ID)
  snapshotId!: string;

  @Field(() => [FlowInput], { nullable: true, description: 'Up to 100,000 flows.' })
  flows?: FlowInput[] | null;

  @Field(() => [FlowGeneratorInput], { nullable: true })
  generators?: FlowGeneratorInput[] | null;

  @Field(() => FlowExpectationValue, { nullable: true, description: 'Expectation of every flow that has none of its own.' })
  expect?: FlowExpectationValue | null;

  @Field(() => BranchQuantifierValue, { nullable: true, description: '`branches` of every flow that does not say.' })
  branches?: BranchQuantifierValue | null;

  @Field(() => Boolean, { nullable: true })
  roundTrip?: boolean | null;
}

@InputType('DiffInput')
export class DiffInput {
  @Field(() => ID)
  baseSnapshotId!: string;

  @Field(() => ID)
  targetSnapshotId!: string;

  @Field(() => [FlowInput], { nullable: true, description: 'Default: every generator, on the base snapshot.' })
  flows?: FlowInput[] | null;

  @Field(() => [FlowGeneratorInput], { nullable: true })
  generators?: FlowGeneratorInput[] | null;

  @Field(() => FlowExpectationValue, { nullable: true })
  expect?: FlowExpectationValue | null;

  @Field(() => BranchQuantifierValue, { nullable: true, description: '`branches` of every flow that does not say.' })
  branches?: BranchQuantifierValue | null;

  @Field(() => Boolean, { nullable: true })
  roundTrip?: boolean | null;
}
