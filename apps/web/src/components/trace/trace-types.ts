// The trace document (TRACE-CONTRACT.md) as the portal reads it from Job.result. The portal may not import
// the engine, so the contract's fields are declared here; unknown extra fields are kept and ignored.

export type StepKind = 'netfilter' | 'conntrack' | 'routing' | 'rp_filter' | 'bridge' | 'ipvs' | 'ovn' | 'interface' | 'deliver' | 'drop';
export type Disposition = 'DELIVERED' | 'EXITED' | 'DROPPED' | 'REJECTED' | 'UNKNOWN';

export interface PacketView {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  mark: string;
  ttl: number;
  ethSrc?: string;
  ethDst?: string;
  icmpType?: number;
  icmpCode?: number;
  inner?: { src: string; dst: string; sport?: number; dport?: number };
}

export interface OvnStepObject {
  table: string;
  uuid: string | null;
  text: string;
  owner: string | null;
}

export interface TraceStep {
  host: string;
  kind: StepKind;
  hook?: string;
  priority?: number;
  table?: string;
  chain?: string;
  rule?: string | null;
  line?: number;
  verdict?: string;
  iface?: string;
  datapath?: string;
  stage?: string;
  object?: OvnStepObject;
  chassis?: string;
  packetAfter?: PacketView;
  explanation: string;
}

export interface Diagnosis {
  code: string;
  message: string;
  fix: string | null;
  host?: string;
  evidence?: string[];
}

export interface RoundTripOutcome {
  established: boolean;
  summary: string;
  findings: { code: string; message: string; host: string | null }[];
}

export interface Trace {
  packet: { src: string; dst: string; proto: string; sport?: number; dport?: number; icmpId?: number; mark?: string };
  disposition: Disposition;
  dropReason: string | null;
  steps: TraceStep[];
  conntrack: { state: string; entry: string | null } | null;
  diagnosis: Diagnosis[];
  end: { host: string; iface: string | null; packet: PacketView } | null;
  reply?: Trace;
  roundTrip?: RoundTripOutcome;
}

const DISPOSITIONS: readonly string[] = ['DELIVERED', 'EXITED', 'DROPPED', 'REJECTED', 'UNKNOWN'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON of a job result as a trace document, or null when it is not one (a batch summary, a diff). */
export function asTrace(value: unknown): Trace | null {
  if (!isRecord(value)) return null;
  if (typeof value['disposition'] !== 'string' || !DISPOSITIONS.includes(value['disposition'])) return null;
  if (!Array.isArray(value['steps']) || !isRecord(value['packet'])) return null;
  const trace = value as unknown as Trace;
  // Older documents may lack the lists; the views rely on them being arrays.
  return { ...trace, diagnosis: Array.isArray(trace.diagnosis) ? trace.diagnosis : [], conntrack: trace.conntrack ?? null, end: trace.end ?? null };
}
