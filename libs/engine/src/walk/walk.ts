import { decideAt, type Decide } from '../branches/choice-point';
import type { MultipathChoice } from '../routing/select-path';
import type { ConntrackState } from '../conntrack/conntrack-table';
import type { OvnConntrack } from '../ovn/ovn-conntrack';
import type { Hook } from '../packet/hooks';
import { withErrorFields } from '../trace/error-view';
import { formatMark, type Packet } from '../packet/packet';
import type { ConntrackSummary, Diagnosis, Disposition, DropReason, PacketView, StepKind, TraceStep } from '../trace/trace';
import type { CompiledSnapshot } from './compiled';
import type { Provoked } from './error-reply';

export interface ResolvedOptions {
  maxHops: number;
  /** Which path of a multipath route to follow (0-based, modulo the number of paths). */
  multipath: number;
  /** The IPVS real server or OVN load balancer backend (`ip:port`) to follow instead of the default choice. */
  backend?: string;
  /** The next hop to follow where an OVN ECMP route or reroute policy has several. */
  choose?: string;
  /** Answers the choices the snapshot does not fix (set by the branch driver); absent: the first. */
  decide?: Decide;
  /** `multipath` was given by the caller: a multipath route follows it instead of branching. */
  multipathPinned?: boolean;
}

/** One direction of a simulation: the steps so far and what loop detection remembers. */
export interface Walk {
  snapshot: CompiledSnapshot;
  options: ResolvedOptions;
  ct: ConntrackState;
  /** OVN's conntrack zones, shared by a request and its reply like `ct`. */
  ovnCt: OvnConntrack;
  /** The chassis the OVN stages currently run on, when known. */
  ovnChassis: string | null;
  steps: TraceStep[];
  conntrack: ConntrackSummary | null;
  /** OVN's loop detection: the logical hops taken so far. */
  visited: Set<string>;
  /** Arrivals on a host interface so far, with the packet as it arrived (a second equal one is a loop); created on the first. */
  arrivals?: { host: string; iface: string; packet: Packet }[];
  hops: number;
  diagnosis: Diagnosis[];
}

/** How a route lookup of this walk takes a multipath route's path: as pinned, or as `decide` says. */
export function multipathChoice(walk: Walk, host: string): MultipathChoice {
  const decide = walk.options.decide;
  if (decide === undefined || walk.options.multipathPinned === true) return walk.options.multipath;
  return (rule, among, weights) => decideAt(decide, { host, kind: 'multipath', rule, among, weights });
}

export function addDiagnosis(walk: Walk, d: Diagnosis): void {
  if (!walk.diagnosis.some((x) => x.code === d.code && x.message === d.message)) walk.diagnosis.push(d);
}

export interface Outcome {
  disposition: Disposition;
  dropReason: DropReason | string | null;
  host: string;
  iface: string | null;
  packet: Packet;
  /** The packet ended in the OVN logical topology: `host` is the datapath, `iface` the logical port. */
  ovn?: true;
  /** The ICMP error or TCP reset the stopped packet provokes, which a round trip traces back. */
  provoked?: Provoked;
}

export function packetView(p: Packet): PacketView {
  const view: PacketView = { src: p.src, dst: p.dst, sport: p.sport, dport: p.dport, mark: formatMark(p.mark), ttl: p.ttl };
  if (p.srcMac !== undefined) view.ethSrc = p.srcMac;
  if (p.dstMac !== undefined) view.ethDst = p.dstMac;
  return withErrorFields(view, p);
}

export interface StepFields {
  hook?: Hook;
  priority?: number;
  table?: string;
  iface?: string;
}

const NO_FIELDS: StepFields = {};

/**
 * The step `{ host, kind, ...fields, packetAfter, explanation }`, with the fields in the order hook,
 * priority, table, iface (as callers write them). The shapes callers give (none, `{ iface }`,
 * `{ hook, priority }`, `{ hook, priority, table }`) are literals; others go through Object.assign,
 * which copies the same keys in the same order as a spread would.
 */
function makeStep(host: string, kind: StepKind, fields: StepFields, packetAfter: PacketView, explanation: string): TraceStep {
  if (fields === NO_FIELDS) return { host, kind, packetAfter, explanation };
  const { hook, priority, table, iface } = fields;
  if (hook === undefined && priority === undefined && table === undefined) {
    if (iface !== undefined) return { host, kind, iface, packetAfter, explanation };
  } else if (hook !== undefined && priority !== undefined && iface === undefined) {
    return table === undefined
      ? { host, kind, hook, priority, packetAfter, explanation }
      : { host, kind, hook, priority, table, packetAfter, explanation };
  }
  return Object.assign({ host, kind }, fields, { packetAfter, explanation });
}

export function addStep(
  walk: Walk,
  host: string,
  kind: StepKind,
  packet: Packet,
  explanation: string,
  fields: StepFields = NO_FIELDS,
): void {
  walk.steps.push(makeStep(host, kind, fields, packetView(packet), explanation));
}

/** Ends the path with a `drop` step that says why. */
export function dropped(
  walk: Walk,
  host: string,
  reason: DropReason,
  packet: Packet,
  explanation: string,
  iface: string | null = null,
): Outcome {
  addStep(walk, host, 'drop', packet, explanation, iface === null ? {} : { iface });
  return { disposition: 'DROPPED', dropReason: reason, host, iface, packet };
}

/** Ends the path where the snapshot lacks what the next decision needs; `reason` says what. */
export function unknown(walk: Walk, host: string, kind: StepKind, reason: string, packet: Packet, explanation: string): Outcome {
  addStep(walk, host, kind, packet, `cannot decide: ${explanation}`);
  return { disposition: 'UNKNOWN', dropReason: reason, host, iface: null, packet };
}
