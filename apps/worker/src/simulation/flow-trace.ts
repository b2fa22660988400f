import { flowProtocol, type Flow } from '@hookpath/contracts';
import { simulateCompiled, type CompiledSnapshot, type GeneratedFlow, type PacketSpec, type Trace } from '@hookpath/engine';

/** The engine's packet of a requested flow. */
export function packetOf(flow: Flow): PacketSpec {
  return {
    src: flow.src,
    dst: flow.dst,
    proto: flowProtocol(flow),
    ...(flow.sport === undefined ? {} : { sport: flow.sport }),
    ...(flow.dport === undefined ? {} : { dport: flow.dport }),
    ...(flow.icmpId === undefined ? {} : { icmpId: flow.icmpId }),
    ...(flow.mark === undefined ? {} : { mark: flow.mark }),
    ...(flow.tcpFlags === undefined ? {} : { tcpFlags: [...flow.tcpFlags] }),
    ...(flow.ttl === undefined ? {} : { ttl: flow.ttl }),
  };
}

/** Traces one flow of a request; a flow the snapshot cannot place throws the engine's TraceRequestError. */
export function traceFlow(compiled: CompiledSnapshot, flow: Flow): Trace {
  return simulateCompiled(
    compiled,
    { from: flow.from, packet: packetOf(flow) },
    {
      roundTrip: flow.roundTrip === true,
      ...(flow.backend === undefined ? {} : { backend: flow.backend }),
      ...(flow.choose === undefined ? {} : { choose: flow.choose }),
    },
  );
}

/** A generated flow in the request's terms. */
export function flowFromGenerated(generated: GeneratedFlow): Flow {
  const p = generated.packet;
  return {
    from: generated.from,
    src: p.src,
    dst: p.dst,
    proto: p.proto,
    ...(p.sport === undefined ? {} : { sport: p.sport }),
    ...(p.dport === undefined ? {} : { dport: p.dport }),
    ...(p.icmpId === undefined ? {} : { icmpId: p.icmpId }),
    ...(p.mark === undefined ? {} : { mark: p.mark }),
    label: generated.label,
  };
}
