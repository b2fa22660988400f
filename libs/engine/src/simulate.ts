import type { Host, SnapshotModel } from '@hookpath/model';
import type { Decide } from './branches/choice-point';
import { DEFAULT_BRANCH_LIMIT, exploreBranches } from './branches/explore-branches';
import { pinChoices } from './branches/pin-choice';
import { groupStatisticChoices } from './branches/statistic-groups';
import { ConntrackState } from './conntrack/conntrack-table';
import { parseIpv4 } from './net/ipv4';
import { OvnConntrack } from './ovn/ovn-conntrack';
import { ovnEntry } from './ovn-datapath/run-ovn';
import { findInterface } from './routing/addresses';
import { innerView } from './trace/error-view';
import { formatMark, packetFromSpec, type Packet, type PacketSpec } from './packet/packet';
import { diagnoseTrace } from './diagnosis/diagnose';
import { replyMismatchDiagnosis } from './diagnosis/reply-mismatch';
import { roundTripOutcome } from './diagnosis/round-trip';
import { compileWith, type CompiledSnapshot } from './walk/compiled';
import { snapshotNetfilter } from './pipeline/netfilter-backend';
import { parsePlace, type Place } from './pipeline/place';
import type { Position } from './walk/position';
import { describeError, errorPacket, type Provoked } from './walk/error-reply';
import { replyPacket } from './pipeline/reply-packet';
import { madeReplyMismatch, rejectUnexpectedReply, replyMismatch } from './pipeline/reply-socket';
import { runWalk } from './pipeline/run';
import { arrivalMac } from './pipeline/sender-mac';
import { TraceRequestError } from './trace/trace-request-error';
import { packetView, type Outcome, type ResolvedOptions, type Walk } from './walk/walk';
import type { Trace, TraceStep } from './trace/trace';

export interface TraceRequest {
  /** `<host>` (a process in that namespace) or `<host>:<iface>` (arriving there). */
  from: string;
  packet: PacketSpec;
}

export interface SimulateOptions {
  /**
   * Hosts a packet may enter before the trace calls it a loop (default 256, more than any TTL
   * allows, so a routing loop ends as in the kernel: TTL_EXCEEDED where the TTL runs out).
   */
  maxHops?: number;
  /**
   * How `-m statistic --mode random` is followed: `first`, the rule's own alternative (the only
   * mode; each alternative's probability is in the step's explanation). Kept for compatibility:
   * statistic rules are choice points of the branch tree.
   */
  statistic?: 'first';
  /**
   * Leaves of the tree of choices (statistic rules, IPVS schedulers, multipath routes, OVN load
   * balancers and ECMP) listed in `branches` (default 64); the rest are counted in `branchesOmitted`.
   */
  branchLimit?: number;
  /** Also trace the answer from where the packet ended (Trace.reply). */
  roundTrip?: boolean;
  /** Which path of a multipath route (and OVN ECMP member) to follow, 0-based; without it every path is a branch. */
  multipath?: number;
  /**
   * The IPVS real server (`ip:port`, as `ipvsadm -Ln` lists it) a new IPVS connection goes to;
   * without it the scheduler's choice from the snapshot's state is followed.
   */
  backend?: string;
  /** The next hop (an address) to follow where an OVN ECMP route or reroute policy offers several. */
  choose?: string;
}

export type { CompiledSnapshot } from './walk/compiled';

const DEFAULT_MAX_HOPS = 256;
export { TraceRequestError } from './trace/trace-request-error';

/** Prepares a snapshot once for many traces (routes, rules, rule sets, conntrack tables, wiring). */
export function compileSnapshot(model: SnapshotModel): CompiledSnapshot {
  return compileWith(model, snapshotNetfilter());
}

function startPosition(compiled: CompiledSnapshot, place: Place, packet: Packet): Position {
  switch (place.kind) {
    case 'originate':
      return { kind: 'originate', host: place.host, packet };
    case 'arrive':
      return {
        kind: 'arrive',
        host: place.host,
        iface: place.iface,
        packet: { ...packet, srcMac: arrivalMac(compiled, place.host, place.iface) },
      };
    case 'ovn': {
      const ref = compiled.ovn?.switchPorts.get(place.port);
      if (ref === undefined) throw new TraceRequestError('UNKNOWN_INTERFACE', `no logical switch port "${place.port}"`);
      return { kind: 'ovn', hop: ovnEntry(ref.sw, ref.port, packet, null) };
    }
    default: {
      const unreachable: never = place;
      return unreachable;
    }
  }
}

/** Where a round trip must come back to: the sending host, the arrival interface, or the OVN port. */
function origin(compiled: CompiledSnapshot, place: Place): { host: string; iface: string | null } {
  switch (place.kind) {
    case 'originate':
      return { host: place.host, iface: null };
    case 'arrive':
      return { host: place.host, iface: place.iface };
    case 'ovn':
      return { host: compiled.ovn?.switchPorts.get(place.port)?.sw.name ?? '', iface: place.port };
    default: {
      const unreachable: never = place;
      return unreachable;
    }
  }
}

function checkPort(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 65535)) {
    throw new TraceRequestError('BAD_PACKET', `${name} ${value} is not a port number (0-65535)`);
  }
}

function checkPacket(spec: PacketSpec, place: Place): void {
  if (parseIpv4(spec.dst) === null) throw new TraceRequestError('BAD_PACKET', `destination "${spec.dst}" is not an IPv4 address`);
  if (parseIpv4(spec.src) === null) throw new TraceRequestError('BAD_PACKET', `source "${spec.src}" is not an IPv4 address`);
  if (spec.src === '0.0.0.0' && place.kind === 'arrive') {
    throw new TraceRequestError('BAD_PACKET', 'source 0.0.0.0 (let the kernel choose) only makes sense for a packet sent from <host>');
  }
  checkPort('source port', spec.sport);
  checkPort('destination port', spec.dport);
  checkPort('icmp id', spec.icmpId);
  if (spec.ttl !== undefined && (!Number.isInteger(spec.ttl) || spec.ttl < 1 || spec.ttl > 255)) {
    throw new TraceRequestError('BAD_PACKET', `ttl ${spec.ttl} is not an IP TTL (1-255)`);
  }
  if (spec.mark !== undefined && (!Number.isInteger(spec.mark) || spec.mark < 0 || spec.mark > 0xffffffff)) {
    throw new TraceRequestError('BAD_PACKET', `mark ${spec.mark} is not a 32-bit value`);
  }
}

/** A packet sent from 0.0.0.0 (the kernel chooses): its source as the first routing step chose it. */
function withChosenSource(p: Packet, steps: readonly TraceStep[]): Packet {
  if (p.src !== '0.0.0.0') return p;
  const chosen = steps.find((s) => s.kind === 'routing' && s.packetAfter !== undefined)?.packetAfter?.src;
  return chosen === undefined ? p : { ...p, src: chosen };
}

/** The traced packet as the trace echoes it; `flags`: the request gave its TCP flags (`--tcp-flags`). */
function packetSummary(p: Packet, flags = false): Trace['packet'] {
  const out: Trace['packet'] = { src: p.src, dst: p.dst, proto: p.proto };
  if (p.inner !== undefined) {
    out.icmpType = p.icmpType;
    out.icmpCode = p.icmpCode;
    out.inner = innerView(p.inner);
  } else if (p.proto === 'icmp') out.icmpId = p.icmpId;
  else {
    out.sport = p.sport;
    out.dport = p.dport;
    if (p.proto === 'tcp' && (flags || p.tcpFlags.includes('RST'))) out.tcpFlags = [...p.tcpFlags];
  }
  if (p.mark !== 0) out.mark = formatMark(p.mark);
  return out;
}

function direction(
  snapshot: CompiledSnapshot,
  options: ResolvedOptions,
  ct: ConntrackState,
  ovnCt: OvnConntrack,
  start: Position,
  flags = false,
): { trace: Trace; outcome: Outcome } {
  const walk: Walk = {
    snapshot,
    options,
    ct,
    ovnCt,
    ovnChassis: null,
    steps: [],
    conntrack: null,
    visited: new Set(),
    hops: 0,
    diagnosis: [],
  };
  const attached = start.kind === 'originate' ? start.made?.attached : undefined;
  if (attached !== undefined && attached !== null)
    walk.conntrack = { state: 'RELATED', entry: attached.conn.origin.kind === 'snapshot' ? attached.conn.origin.text.trim() : null };
  const outcome = runWalk(walk, start);
  const trace: Trace = {
    packet: packetSummary(start.kind === 'ovn' ? start.hop.packet : withChosenSource(start.packet, walk.steps), flags),
    disposition: outcome.disposition,
    dropReason: outcome.dropReason,
    steps: walk.steps,
    conntrack: walk.conntrack,
    diagnosis: walk.diagnosis,
    end: { host: outcome.host, iface: outcome.iface, packet: packetView(outcome.packet) },
  };
  return { trace, outcome };
}

/** A reply the engine cannot trace: what the stopped request sends back is not modelled. */
interface NotModelled {
  kind: 'not-modelled';
  reason: string;
}

/**
 * The ICMP error or reset a stopped request provokes, sent by the kernel of the host that stopped
 * it: joined to the request's connection there as RELATED (nf_ct_attach).
 */
function errorStart(snapshot: CompiledSnapshot, outcome: Outcome, provoked: Provoked): Position | NotModelled {
  const error = provoked.error;
  if (error.kind === 'unknown') return { kind: 'not-modelled', reason: error.reason };
  const node = snapshot.hosts.get(outcome.host);
  if (node === undefined || outcome.ovn === true)
    return { kind: 'not-modelled', reason: `the error ${outcome.host} sends back is not modelled` };
  const packet = errorPacket(node.host, error, outcome.packet);
  const source = error.kind === 'icmp' && error.source === 'route' ? ', from the address its route to the sender chooses' : '';
  const why = `${describeError(error)} sent by the kernel of ${outcome.host} to ${packet.dst}${source}`;
  return { kind: 'originate', host: outcome.host, packet, made: { why, attached: provoked.attached } };
}

function notModelledReply(outcome: Outcome, reason: string): Trace {
  const packet = replyPacket(outcome.packet);
  return {
    packet: packetSummary(packet),
    disposition: 'UNKNOWN',
    dropReason: reason,
    steps: [{ host: outcome.host, kind: 'drop', explanation: `cannot decide: ${reason}` }],
    conntrack: null,
    diagnosis: [],
    end: { host: outcome.host, iface: null, packet: packetView(packet) },
  };
}

function replyStart(snapshot: CompiledSnapshot, outcome: Outcome): Position | NotModelled | null {
  if (outcome.provoked !== undefined) return errorStart(snapshot, outcome, outcome.provoked);
  const packet = replyPacket(outcome.packet);
  if (outcome.ovn === true)
    return ovnReplyStart(snapshot, outcome, { ...packet, srcMac: outcome.packet.dstMac, dstMac: outcome.packet.srcMac });
  if (outcome.disposition === 'DELIVERED') return { kind: 'originate', host: outcome.host, packet };
  if (outcome.disposition === 'EXITED' && outcome.iface !== null)
    return { kind: 'arrive', host: outcome.host, iface: outcome.iface, packet };
  return null;
}

/** The answer of an OVN port's owner (it re-enters at that port) or of a router that answered itself. */
function ovnReplyStart(snapshot: CompiledSnapshot, outcome: Outcome, packet: Packet): Position | null {
  const ovn = snapshot.ovn;
  if (ovn === null || outcome.iface === null) return null;
  if (outcome.disposition === 'EXITED') {
    const ref = ovn.switchPorts.get(outcome.iface);
    return ref === undefined ? null : { kind: 'ovn', hop: ovnEntry(ref.sw, ref.port, packet, null) };
  }
  const router = ovn.routerPorts.get(outcome.iface);
  if (outcome.disposition !== 'DELIVERED' || router === undefined) return null;
  return { kind: 'ovn', hop: { at: 'lr_in', lr: router.lr, inport: router, packet: { ...packet, ttl: 255 }, from: 'lr_in_ip_routing' } };
}

/**
 * Traces one packet through a compiled snapshot. Pure and deterministic: the snapshot is not
 * changed (connections the trace creates live only in this call, shared with the reply). Where the
 * outcome depends on a choice the snapshot does not fix, every leaf of the tree of choices is in
 * `branches` and the top-level fields are the most likely leaf's (TRACE-CONTRACT "Branches").
 */
export function simulateCompiled(compiled: CompiledSnapshot, request: TraceRequest, options: SimulateOptions = {}): Trace {
  const hostOf = (name: string): Host | undefined => compiled.hosts.get(name)?.host;
  return exploreBranches(
    (decide) => simulateOnce(compiled, request, options, decide),
    pinChoices(hostOf, options),
    options.branchLimit ?? DEFAULT_BRANCH_LIMIT,
    groupStatisticChoices(hostOf),
  );
}

/** One run of the simulation, following `decide` at every choice point. */
function simulateOnce(compiled: CompiledSnapshot, request: TraceRequest, options: SimulateOptions, decide: Decide): Trace {
  const place = parsePlace(compiled, request.from);
  checkPacket(request.packet, place);
  const resolved: ResolvedOptions = { maxHops: options.maxHops ?? DEFAULT_MAX_HOPS, multipath: options.multipath ?? 0, decide };
  if (options.multipath !== undefined) resolved.multipathPinned = true;
  if (options.backend !== undefined) resolved.backend = options.backend;
  if (options.choose !== undefined) resolved.choose = options.choose;
  const ct = new ConntrackState(compiled.conntrack, compiled.firstConnectionId);
  const ovnCt = new OvnConntrack();
  const packet = packetFromSpec(request.packet);
  const start = startPosition(compiled, place, packet);
  const forward = direction(compiled, resolved, ct, ovnCt, start, request.packet.tcpFlags !== undefined);
  if (options.roundTrip === true) {
    const back = replyStart(compiled, forward.outcome);
    if (back !== null && back.kind === 'not-modelled') forward.trace.reply = notModelledReply(forward.outcome, back.reason);
    else if (back !== null) {
      const reply = direction(compiled, resolved, ct, ovnCt, back);
      const made = back.kind === 'originate' && back.made !== undefined;
      const sender =
        place.kind === 'originate' && reply.outcome.disposition === 'DELIVERED' && reply.outcome.host === place.host ? place.host : null;
      const unmatched = made && sender !== null ? madeReplyMismatch(sender, packet, reply.outcome.packet) : null;
      if (unmatched !== null && sender !== null) {
        reply.trace.steps.push({ host: sender, kind: 'deliver', explanation: unmatched });
        reply.trace.disposition = 'UNKNOWN';
        reply.trace.dropReason = unmatched;
      } else if (!made && sender !== null) {
        const mismatch = replyMismatch(packet, reply.outcome.packet);
        if (mismatch !== null) {
          reply.trace.diagnosis.push(replyMismatchDiagnosis(sender, packet, mismatch, reply.trace));
          rejectUnexpectedReply(sender, packet, mismatch, reply.trace);
        }
      }
      forward.trace.reply = reply.trace;
    }
  }
  diagnoseTrace(compiled, forward.trace);
  if (options.roundTrip === true) {
    const level = (host: string, iface: string): string => {
      const h = compiled.hosts.get(host)?.host;
      return (h === undefined ? undefined : findInterface(h, iface)?.master) ?? iface;
    };
    forward.trace.roundTrip = roundTripOutcome(forward.trace, forward.trace.reply, origin(compiled, place), level);
  }
  return forward.trace;
}

export function simulate(model: SnapshotModel, request: TraceRequest, options: SimulateOptions = {}): Trace {
  return simulateCompiled(compileSnapshot(model), request, options);
}
