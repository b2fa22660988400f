import type { ReportDocument } from '@hookpath/report';

// The trace document of TRACE-CONTRACT.md, as the engine declares it, reached through the report
// library (the portal's one library): the same types the pictures and reports are drawn from.
export type Trace = NonNullable<ReportDocument['trace']>;
export type TraceStep = Trace['steps'][number];
export type StepKind = TraceStep['kind'];
export type PacketView = NonNullable<TraceStep['packetAfter']>;
export type Diagnosis = Trace['diagnosis'][number];
export type RoundTripOutcome = NonNullable<Trace['roundTrip']>;

const DISPOSITIONS: readonly string[] = ['DELIVERED', 'EXITED', 'DROPPED', 'REJECTED', 'UNKNOWN'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON of a job result as a trace document, or null when it is not one (a batch summary, a diff). */
export function asTrace(value: unknown): Trace | null {
  if (!isRecord(value)) return null;
  if (typeof value['disposition'] !== 'string' || !DISPOSITIONS.includes(value['disposition'])) return null;
  if (!Array.isArray(value['steps']) || !isRecord(value['packet'])) return null;
  const trace = value as unknown as Trace;
  // Older documents may lack the lists; the views rely on them being arrays.
  return {
    ...trace,
    diagnosis: Array.isArray(trace.diagnosis) ? trace.diagnosis : [],
    conntrack: trace.conntrack ?? null,
    end: trace.end ?? null,
  };
}
