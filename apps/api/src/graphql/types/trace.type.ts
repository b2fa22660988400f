import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { HookValue } from './hook-path.type';

// The trace document of TRACE-CONTRACT.md as GraphQL types: the fields of a completed trace job's
// `result`, read directly from it (the same JSON, so the types name its fields one for one).

@ObjectType('TraceInnerHeader', { description: 'The header an ICMP error quotes: ports for tcp and udp, the id of a quoted ICMP echo.' })
export class TraceInnerHeaderType {
  @Field()
  proto!: string;

  @Field()
  src!: string;

  @Field()
  dst!: string;

  @Field(() => Int)
  sport!: number;

  @Field(() => Int)
  dport!: number;

  @Field(() => Int, { nullable: true })
  icmpId?: number;
}

@ObjectType('TracePacket', { description: 'The packet as requested (or, for a reply, as it comes back).' })
export class TracePacketType {
  @Field()
  src!: string;

  @Field()
  dst!: string;

  @Field({ description: 'tcp, udp or icmp.' })
  proto!: string;

  @Field(() => Int, { nullable: true })
  sport?: number;

  @Field(() => Int, { nullable: true })
  dport?: number;

  @Field(() => Int, { nullable: true })
  icmpId?: number;

  @Field(() => String, { nullable: true })
  mark?: string;

  @Field(() => Int, { nullable: true, description: 'An ICMP error coming back: its type.' })
  icmpType?: number;

  @Field(() => Int, { nullable: true, description: 'An ICMP error coming back: its code.' })
  icmpCode?: number;

  @Field(() => TraceInnerHeaderType, { nullable: true, description: 'An ICMP error coming back: the header it quotes.' })
  inner?: TraceInnerHeaderType;

  @Field(() => [String], { nullable: true, description: 'The TCP flags the request gave, or those of a TCP reset coming back.' })
  tcpFlags?: string[];
}

@ObjectType('TracePacketView', { description: "The packet's header fields after a step, or where it ended." })
export class TracePacketViewType {
  @Field()
  src!: string;

  @Field()
  dst!: string;

  @Field(() => Int)
  sport!: number;

  @Field(() => Int)
  dport!: number;

  @Field()
  mark!: string;

  @Field(() => Int)
  ttl!: number;

  @Field(() => String, { nullable: true })
  ethSrc?: string;

  @Field(() => String, { nullable: true })
  ethDst?: string;

  @Field(() => Int, { nullable: true, description: 'ICMP errors only: their type.' })
  icmpType?: number;

  @Field(() => Int, { nullable: true, description: 'ICMP errors only: their code.' })
  icmpCode?: number;

  @Field(() => TraceInnerHeaderType, { nullable: true, description: 'ICMP errors only: the header they quote as it is at this point.' })
  inner?: TraceInnerHeaderType;
}

@ObjectType('TraceStepObject', { description: 'The northbound row behind an OVN step, and the kube-ovn object that owns it when known.' })
export class TraceStepObjectType {
  @Field()
  table!: string;

  @Field(() => String, { nullable: true })
  uuid!: string | null;

  @Field()
  text!: string;

  @Field(() => String, { nullable: true })
  owner!: string | null;
}

@ObjectType('TraceStep', {
  description: 'One step of a trace (TRACE-CONTRACT.md): a rule, a route lookup, a conntrack lookup, an OVN stage, ...',
})
export class TraceStepType {
  @Field()
  host!: string;

  @Field({ description: 'netfilter, conntrack, routing, rp_filter, bridge, ipvs, ovn, interface, deliver or drop.' })
  kind!: string;

  @Field(() => HookValue, { nullable: true })
  hook?: HookValue;

  @Field(() => Int, { nullable: true })
  priority?: number;

  @Field(() => String, { nullable: true })
  table?: string;

  @Field(() => String, { nullable: true })
  chain?: string;

  @Field(() => String, { nullable: true, description: 'iptables-save text of the matched rule; null for a policy.' })
  rule?: string | null;

  @Field(() => Int, { nullable: true, description: "1-based line of the rule in the host's iptables file." })
  line?: number;

  @Field(() => String, { nullable: true, description: 'ACCEPT, DROP, JUMP, DNAT, ...' })
  verdict?: string;

  @Field(() => String, { nullable: true })
  iface?: string;

  @Field(() => String, { nullable: true, description: 'OVN steps: the logical datapath.' })
  datapath?: string;

  @Field(() => String, { nullable: true, description: 'OVN steps: the ovn-northd stage.' })
  stage?: string;

  @Field(() => TraceStepObjectType, { nullable: true })
  object?: TraceStepObjectType;

  @Field(() => String, { nullable: true })
  chassis?: string;

  @Field(() => TracePacketViewType, { nullable: true })
  packetAfter?: TracePacketViewType;

  @Field()
  explanation!: string;
}

@ObjectType('TraceConntrack', { description: "The first host's conntrack view of the packet." })
export class TraceConntrackType {
  @Field({ description: 'NEW, ESTABLISHED, RELATED, INVALID or UNTRACKED.' })
  state!: string;

  @Field(() => String, { nullable: true, description: 'The conntrack -L line it matched, when the entry came from the snapshot.' })
  entry!: string | null;
}

@ObjectType('TraceDiagnosis')
export class TraceDiagnosisType {
  @Field()
  code!: string;

  @Field()
  message!: string;

  @Field(() => String, { nullable: true, description: 'The fix as commands (`in <host>: <command>`).' })
  fix!: string | null;

  @Field(() => String, { nullable: true })
  host?: string;

  @Field(() => [String], { nullable: true })
  evidence?: string[];
}

@ObjectType('TraceEnd', { description: 'Where the packet ended: the host (and interface for EXITED) and its header there.' })
export class TraceEndType {
  @Field()
  host!: string;

  @Field(() => String, { nullable: true })
  iface!: string | null;

  @Field(() => TracePacketViewType)
  packet!: TracePacketViewType;
}

@ObjectType('RoundTripFinding')
export class RoundTripFindingType {
  @Field()
  code!: string;

  @Field()
  message!: string;

  @Field(() => String, { nullable: true })
  host!: string | null;
}

@ObjectType('RoundTripOutcome', { description: 'Would the connection establish?' })
export class RoundTripOutcomeType {
  @Field()
  established!: boolean;

  @Field()
  summary!: string;

  @Field(() => [RoundTripFindingType])
  findings!: RoundTripFindingType[];
}

@ObjectType('TraceChoice', { description: 'One decision on the way to a branch: what was chosen, among what.' })
export class TraceChoiceType {
  @Field()
  host!: string;

  @Field({ description: 'statistic, ipvs, multipath, ovn-lb or ovn-ecmp.' })
  kind!: string;

  @Field(() => String, { nullable: true, description: 'The rule, service or route that offers the choice.' })
  rule?: string;

  @Field()
  chosen!: string;

  @Field(() => [String])
  among!: string[];

  @Field(() => Float, { nullable: true, description: "The chosen alternative's share; null when pinned by backend/choose." })
  weight?: number;
}

/** The fields a trace and each of its branches share. */
@ObjectType({ isAbstract: true })
abstract class TraceLeafFields {
  @Field({ description: 'DELIVERED, EXITED, DROPPED, REJECTED or UNKNOWN.' })
  disposition!: string;

  @Field(() => String, { nullable: true, description: 'Set when DROPPED (a drop reason) or UNKNOWN (what the snapshot lacks).' })
  dropReason!: string | null;

  @Field(() => [TraceStepType])
  steps!: TraceStepType[];

  @Field(() => TraceConntrackType, { nullable: true })
  conntrack!: TraceConntrackType | null;

  @Field(() => [TraceDiagnosisType])
  diagnosis!: TraceDiagnosisType[];

  @Field(() => TraceEndType, { nullable: true })
  end!: TraceEndType | null;

  // typed loosely: decorator metadata would read TraceType before its class is defined
  @Field(() => TraceType, { nullable: true, description: 'The answer, traced from where the packet ended (roundTrip).' })
  reply?: unknown;

  @Field(() => RoundTripOutcomeType, { nullable: true })
  roundTrip?: RoundTripOutcomeType;
}

@ObjectType('TraceBranch', {
  description: 'One leaf of the tree of choices the snapshot does not fix: a full trace with the choices that lead there.',
})
export class TraceBranchType extends TraceLeafFields {
  @Field(() => Float, { description: 'Of this leaf, from the weights of its choices (the leaves sum to 1).' })
  probability!: number;

  @Field(() => [TraceChoiceType])
  choices!: TraceChoiceType[];
}

@ObjectType('Trace', { description: 'The trace document of TRACE-CONTRACT.md; its top-level fields describe the most likely branch.' })
export class TraceType extends TraceLeafFields {
  @Field(() => TracePacketType)
  packet!: TracePacketType;

  @Field(() => [TraceBranchType], {
    nullable: true,
    description: 'Every leaf of the tree of choices; null when the trace met no choice the snapshot leaves open.',
  })
  branches?: TraceBranchType[];

  @Field(() => Int, { nullable: true, description: 'Leaves past the limit, counted but not listed (set with branches).' })
  branchesOmitted?: number;
}
