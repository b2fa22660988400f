import type { FlowError, FlowOutcome, FlowResult } from '@hookpath/diff';
import type { StoredFlow } from '../../api/job-flows';
import type { Protocol, TraceInput } from '../../gql/graphql';

// A stored flow's JSON fields (GraphQL BatchFlow.request / outcome) as the portal reads them: what a
// batch or diff stores per flow is libs/diff's (types only: nothing of it is bundled).
export type { FlowError, FlowOutcome, FlowResult };

export interface FlowRequest {
  from: string;
  src: string;
  dst: string;
  proto?: 'tcp' | 'udp' | 'icmp';
  sport?: number;
  dport?: number;
  icmpId?: number;
  mark?: number;
  backend?: string;
  choose?: string;
  roundTrip?: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const isFlowError = (r: FlowResult): r is FlowError => 'error' in r;

export function asFlowResult(value: unknown): FlowResult | null {
  if (!isRecord(value)) return null;
  if (typeof value['error'] === 'string')
    return { error: value['error'], message: typeof value['message'] === 'string' ? value['message'] : '' };
  if (typeof value['disposition'] !== 'string') return null;
  const outcome = value as unknown as FlowOutcome;
  return { ...outcome, diagnosis: Array.isArray(outcome.diagnosis) ? outcome.diagnosis : [] };
}

export function asFlowRequest(value: unknown): FlowRequest | null {
  if (!isRecord(value) || typeof value['from'] !== 'string' || typeof value['src'] !== 'string' || typeof value['dst'] !== 'string')
    return null;
  return value as unknown as FlowRequest;
}

const PROTOCOL: Record<NonNullable<FlowRequest['proto']>, Protocol> = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP' };

/** The GraphQL input that traces a stored flow again on a snapshot. */
export function traceInputOf(request: FlowRequest, snapshotId: string): TraceInput {
  return {
    snapshotId,
    from: request.from,
    src: request.src,
    dst: request.dst,
    ...(request.proto === undefined ? {} : { proto: PROTOCOL[request.proto] }),
    ...(request.sport === undefined ? {} : { sport: request.sport }),
    ...(request.dport === undefined ? {} : { dport: request.dport }),
    ...(request.icmpId === undefined ? {} : { icmpId: request.icmpId }),
    ...(request.mark === undefined ? {} : { mark: request.mark }),
    ...(request.backend === undefined ? {} : { backend: request.backend }),
    ...(request.choose === undefined ? {} : { choose: request.choose }),
    ...(request.roundTrip === true ? { roundTrip: true } : {}),
  };
}

/** The flow as people name it: its label, else `from: proto src → dst:dport`. */
export function flowTitle(flow: StoredFlow): string {
  if (flow.label !== null && flow.label !== '') return flow.label;
  const r = asFlowRequest(flow.request);
  if (r === null) return `flow ${flow.index + 1}`;
  return `${r.from}: ${r.proto ?? ''} ${r.src} → ${r.dst}${r.dport === undefined ? '' : `:${r.dport}`}`.replace(/\s+/g, ' ');
}

/** `DROPPED (RP_FILTER) at node:eth0`, `DELIVERED at pod`, or the error code. */
export function fateText(result: FlowResult | null): string {
  if (result === null) return 'no outcome';
  if (isFlowError(result)) return `error ${result.error}`;
  const at = result.endHost === null ? '' : ` at ${result.endHost}${result.endIface === null ? '' : `:${result.endIface}`}`;
  const reason = result.dropReason === null ? '' : ` (${result.dropReason})`;
  const roundTrip =
    result.roundTrip === undefined ? '' : result.roundTrip.established ? ' · round trip established' : ' · round trip not established';
  return `${result.disposition}${reason}${at}${roundTrip}`;
}

export type Tone = 'ok' | 'bad' | 'unknown';

export function toneOf(result: FlowResult | null): Tone {
  if (result === null || isFlowError(result)) return 'bad';
  if (result.disposition === 'DELIVERED' || result.disposition === 'EXITED') return result.roundTrip?.established === false ? 'bad' : 'ok';
  return result.disposition === 'UNKNOWN' ? 'unknown' : 'bad';
}
