import type { OvnNorthbound, SnapshotModel } from '@hookpath/model';
import type { Packet } from '../packet/packet';
import { formatMark } from '../packet/packet';
import { replyPacket } from '../pipeline/reply-packet';
import { TraceRequestError } from '../pipeline/trace-request-error';
import { packetView } from '../pipeline/walk';
import type { Trace } from '../trace/trace';
import { compileOvn, type OvnTopology } from './topology';
import { switchIngress, type OvnConnection, type OvnOutcome, type OvnWalk } from './walk';

export interface OvnTraceOptions {
  /** The load balancer backend (`ip:port`) a new connection goes to; default: the first. */
  backend?: string;
  roundTrip?: boolean;
}

/** `ovn:<logical-switch-port>`: checks that the snapshot has an OVN database with that port; returns the port. */
export function ovnPlacePort(model: SnapshotModel, place: string): string {
  const port = place.slice('ovn:'.length);
  const nb = model.ovn;
  if (nb === undefined || nb === null) throw new TraceRequestError('UNSUPPORTED_PLACE', `place "${place}": the snapshot has no ovn/ northbound data (ovn/nbctl-show.txt)`);
  if (port === '') throw new TraceRequestError('BAD_PLACE', `place "${place}": the logical switch port name after "ovn:" is empty`);
  if (!nb.switches.some((s) => s.ports.some((p) => p.name === port))) {
    const known = nb.switches.flatMap((s) => s.ports.filter((p) => p.type !== 'router').map((p) => p.name)).sort().join(', ');
    throw new TraceRequestError('UNKNOWN_INTERFACE', `place "${place}": no logical switch port "${port}" (ports: ${known})`);
  }
  return port;
}

function summary(p: Packet): Trace['packet'] {
  const out: Trace['packet'] = { src: p.src, dst: p.dst, proto: p.proto };
  if (p.proto === 'icmp') out.icmpId = p.icmpId;
  else {
    out.sport = p.sport;
    out.dport = p.dport;
  }
  if (p.mark !== 0) out.mark = formatMark(p.mark);
  return out;
}

function direction(topo: OvnTopology, port: string, packet: Packet, options: OvnTraceOptions, connections: OvnConnection[]): { trace: Trace; outcome: OvnOutcome } {
  const walk: OvnWalk = { topo, steps: [], backend: options.backend, connections, hops: 0, chassis: null };
  const ref = topo.switchPorts.get(port);
  if (ref === undefined) throw new TraceRequestError('UNKNOWN_INTERFACE', `no logical switch port "${port}"`);
  const outcome = switchIngress(walk, ref.sw, ref.port, packet, null);
  const trace: Trace = {
    packet: summary(packet),
    disposition: outcome.disposition,
    dropReason: outcome.dropReason,
    steps: walk.steps,
    conntrack: null,
    diagnosis: [],
    end: { host: outcome.datapath, iface: outcome.port, packet: packetView(outcome.packet) },
  };
  return { trace, outcome };
}

/**
 * Traces a packet entering the OVN logical topology at a logical switch port (a pod's port or a
 * localnet port). Steps are kind 'ovn'; their `host` is the logical switch or router.
 */
export function traceOvn(model: SnapshotModel, port: string, packet: Packet, options: OvnTraceOptions = {}): Trace {
  ovnPlacePort(model, `ovn:${port}`);
  const topo = compileOvn(model.ovn as OvnNorthbound);
  const connections: OvnConnection[] = [];
  const forward = direction(topo, port, packet, options, connections);
  const o = forward.outcome;
  if (options.roundTrip === true && (o.disposition === 'DELIVERED' || o.disposition === 'EXITED') && o.port !== null && topo.switchPorts.has(o.port)) {
    const back = direction(topo, o.port, replyPacket(o.packet), {}, connections);
    forward.trace.reply = back.trace;
    const home = (back.outcome.disposition === 'DELIVERED' || back.outcome.disposition === 'EXITED') && back.outcome.port === port;
    const intact = back.outcome.packet.src === packet.dst && back.outcome.packet.dst === packet.src;
    const established = home && intact;
    forward.trace.roundTrip = {
      established,
      summary: established
        ? `The reply reaches ${port} from ${packet.dst}: the connection establishes.`
        : `The reply ${home ? `reaches ${port} from ${back.outcome.packet.src} instead of ${packet.dst}` : `ends ${back.outcome.disposition} at ${back.outcome.datapath}${back.outcome.port === null ? '' : `/${back.outcome.port}`}`}: the connection does not establish.`,
      findings: [],
    };
  }
  return forward.trace;
}
