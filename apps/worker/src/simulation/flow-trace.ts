import type { Flow } from '@hookpath/contracts';
import { simulateCompiled, type CompiledSnapshot, type GeneratedFlow, type Trace } from '@hookpath/engine';

/** The protocol `hookpath trace` assumes: icmp without ports, tcp with them. */
function protocolOf(flow: Flow): 'tcp' | 'udp' | 'icmp' {
  return flow.proto ?? (flow.sport === undefined && flow.dport === undefined ? 'icmp' : 'tcp');
}

/** Traces one flow of a request; a flow the snapshot cannot place throws the engine's TraceRequestError. */
export function traceFlow(compiled: CompiledSnapshot, flow: Flow): Trace {
  const packet = {
    src: flow.src,
    dst: flow.dst,
    proto: protocolOf(flow),
    ...(flow.sport === undefined ? {} : { sport: flow.sport }),
    ...(flow.dport === undefined ? {} : { dport: flow.dport }),
    ...(flow.icmpId === undefined ? {} : { icmpId: flow.icmpId }),
    ...(flow.mark === undefined ? {} : { mark: flow.mark }),
  };
  return simulateCompiled(compiled, { from: flow.from, packet }, { roundTrip: flow.roundTrip === true, ...(flow.backend === undefined ? {} : { backend: flow.backend }) });
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
