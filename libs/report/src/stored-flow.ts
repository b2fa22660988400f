import type { ReportFlow, ReportProtocol } from './report-document';

/**
 * Reading what a job stored (JSON columns typed `unknown` on the way out): the flows of a batch or
 * diff as requested, and their outcomes. Missing or odd fields read as absent, never as a throw.
 */

export type JsonObject = Record<string, unknown>;

export const asObject = (value: unknown): JsonObject | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : null;
export const asString = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
export const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The protocol `hookpath trace` assumes when a flow names none: tcp with ports, else icmp. */
function protocolOf(o: JsonObject): ReportProtocol {
  const proto = o['proto'];
  if (proto === 'tcp' || proto === 'udp' || proto === 'icmp') return proto;
  return o['sport'] === undefined && o['dport'] === undefined ? 'icmp' : 'tcp';
}

/** A flow of a request (`{from, src, dst, proto?, sport?, ...}`) as a report shows it. */
export function storedFlow(value: unknown): ReportFlow {
  const o = asObject(value) ?? {};
  const flow: ReportFlow = {
    from: asString(o['from']) ?? '?',
    src: asString(o['src']) ?? '?',
    dst: asString(o['dst']) ?? '?',
    proto: protocolOf(o),
  };
  for (const key of ['sport', 'dport', 'icmpId', 'mark'] as const) {
    const v = asNumber(o[key]);
    if (v !== undefined) flow[key] = v;
  }
  const backend = asString(o['backend']);
  if (backend !== null) flow.backend = backend;
  const choose = asString(o['choose']);
  if (choose !== null) flow.choose = choose;
  if (o['roundTrip'] === true) flow.roundTrip = true;
  return flow;
}

/** A stored outcome: the engine's summary of a trace, or its refusal (`{error, message}`). */
export interface StoredOutcome {
  disposition: string | null;
  dropReason: string | null;
  endHost: string | null;
  error: string | null;
  diagnosis: string[];
  reply: { disposition: string; dropReason: string | null; endHost: string | null } | null;
  established: boolean | null;
}

export function storedOutcome(value: unknown): StoredOutcome {
  const o = asObject(value) ?? {};
  const error = asString(o['error']);
  const reply = asObject(o['reply']);
  const roundTrip = asObject(o['roundTrip']);
  return {
    disposition: error === null ? asString(o['disposition']) : null,
    dropReason: asString(o['dropReason']),
    endHost: asString(o['endHost']),
    error: error === null ? null : `${error}: ${asString(o['message']) ?? ''}`,
    diagnosis: asStrings(o['diagnosis']),
    reply:
      reply === null
        ? null
        : {
            disposition: asString(reply['disposition']) ?? '?',
            dropReason: asString(reply['dropReason']),
            endHost: asString(reply['endHost']),
          },
    established: typeof roundTrip?.['established'] === 'boolean' ? roundTrip['established'] : null,
  };
}
