import type { SnapshotModel } from '@hookpath/model';
import { parseIpv4 } from '../net/ipv4';
import type { PacketSpec } from '../packet/packet';
import { TraceRequestError } from '../trace/trace-request-error';
import { flowSources, primaryAddress } from './flow-sources';
import { flowLabel, type FlowGeneratorName, type FlowGeneratorOptions, type FlowTarget, type GeneratedFlow } from './flow-types';
import { exposedTargets } from './exposed';
import { OutsideEntries } from './outside-entry';
import { clusterServices } from './services';

/** Where pods-to-outside sends when the snapshot has no external host: a well-known anycast resolver. */
const DEFAULT_OUTSIDE = '1.1.1.1';

/**
 * Echo ids 1..65535 in flow order: distinct per flow (concurrent pings from one pod get their own
 * conntrack entries and NAT mappings), the same for the same snapshot and options.
 */
class EchoIds {
  private next = 0;
  take(): number {
    this.next = (this.next % 65535) + 1;
    return this.next;
  }
}

function packetTo(src: string, target: FlowTarget, ids: EchoIds): PacketSpec {
  if (target.port === null || target.proto === 'icmp') return { src, dst: target.address, proto: 'icmp', icmpId: ids.take() };
  return { src, dst: target.address, proto: target.proto, dport: target.port };
}

/**
 * Every pod (host or OVN port) to every Service VIP: pods outer, services inner. One flow per Service
 * port, not per endpoint: its trace follows every endpoint as a branch, so an expectation is checked
 * on each endpoint and a diff compares them all (a flow's `backend` pins one).
 */
function* podsToServices(model: SnapshotModel): Generator<GeneratedFlow> {
  const sources = flowSources(model);
  if (sources.length === 0) return;
  const services = clusterServices(model);
  const ids = new EchoIds();
  for (const s of sources) {
    for (const svc of services) yield { from: s.from, packet: packetTo(s.src, svc, ids), label: flowLabel(s.from, svc) };
  }
}

function outsideAddresses(model: SnapshotModel, given: readonly string[] | undefined): string[] {
  if (given !== undefined) {
    for (const a of given)
      if (parseIpv4(a) === null) throw new TraceRequestError('BAD_PACKET', `outside destination "${a}" is not an IPv4 address`);
    return [...new Set(given)];
  }
  const external = model.hosts
    .filter((h) => h.meta.role === 'external')
    .map(primaryAddress)
    .filter((a): a is string => a !== null);
  return external.length > 0 ? [...new Set(external)] : [DEFAULT_OUTSIDE];
}

/**
 * Every pod to every outside destination, one ICMP echo request each: an echo needs no listener on
 * the far side, and every egress translation (SNAT, MASQUERADE, an EIP, an OVN FIP) maps it by its
 * echo id the way it maps ports, so it shows the same egress path a TCP connection would take.
 */
function* podsToOutside(model: SnapshotModel, options: FlowGeneratorOptions): Generator<GeneratedFlow> {
  const sources = flowSources(model);
  if (sources.length === 0) return;
  const destinations = outsideAddresses(model, options.outside);
  const ids = new EchoIds();
  for (const s of sources) {
    for (const dst of destinations) {
      const target: FlowTarget = { address: dst, value: parseIpv4(dst) as number, proto: 'icmp', port: null, name: null };
      yield { from: s.from, packet: packetTo(s.src, target, ids), label: flowLabel(s.from, target) };
    }
  }
}

/** The outside to every EIP, FIP, DNAT, LoadBalancer / external IP and NodePort the snapshot shows. */
function* outsideToExposed(model: SnapshotModel): Generator<GeneratedFlow> {
  const entries = new OutsideEntries(model);
  const ids = new EchoIds();
  for (const target of exposedTargets(model, entries)) {
    const owner = target.owner;
    let source;
    switch (owner.kind) {
      case 'host':
        source = entries.toHost(owner.host, target.value);
        break;
      case 'ovn-router':
        source = entries.toOvnRouter(owner.router, target.value);
        break;
      default: {
        const unreachable: never = owner;
        return unreachable;
      }
    }
    if (source === null) continue;
    yield { from: source.from, packet: packetTo(source.src, target, ids), label: flowLabel(source.from, target) };
  }
}

/**
 * The flows of a generator, produced one at a time: the Services / exposed addresses are collected
 * once (a pass over the rules), the (source, target) pairs on demand.
 */
export function* iterateFlows(
  model: SnapshotModel,
  generator: FlowGeneratorName,
  options: FlowGeneratorOptions = {},
): Generator<GeneratedFlow> {
  switch (generator) {
    case 'pods-to-services':
      yield* podsToServices(model);
      return;
    case 'pods-to-outside':
      yield* podsToOutside(model, options);
      return;
    case 'outside-to-exposed':
      yield* outsideToExposed(model);
      return;
    default: {
      const unknown: never = generator;
      throw new RangeError(`unknown flow generator "${String(unknown)}"`);
    }
  }
}

/** The flows of a generator, in a deterministic order, at most `options.limit` of them. */
export function generateFlows(model: SnapshotModel, generator: FlowGeneratorName, options: FlowGeneratorOptions = {}): GeneratedFlow[] {
  const limit = options.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
    throw new RangeError(`flow limit ${limit} is not a non-negative integer`);
  const out: GeneratedFlow[] = [];
  if (limit === 0) return out;
  for (const flow of iterateFlows(model, generator, options)) {
    out.push(flow);
    if (limit !== undefined && out.length >= limit) break;
  }
  return out;
}
