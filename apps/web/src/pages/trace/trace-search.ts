import { compact, searchBool, searchEnum, searchInt, searchString } from '../../components/forms/search-values';
import { traceTabOf, type TraceTab } from '../../components/trace/trace-tabs';

export const PROTOCOLS = ['tcp', 'udp', 'icmp'] as const;
export type Proto = (typeof PROTOCOLS)[number];

/** The trace page's whole state: the form, the job it ran, the result tab and the path shown. */
export interface TraceSearch {
  snapshot?: string;
  from?: string;
  src?: string;
  dst?: string;
  proto?: Proto;
  sport?: number;
  dport?: number;
  icmpId?: number;
  mark?: string;
  backend?: string;
  choose?: string;
  roundTrip?: true;
  job?: string;
  tab?: TraceTab;
  /** The 1-based path shown when the trace has branches (default: the most likely). */
  branch?: number;
}

export function traceSearch(search: Record<string, unknown>): TraceSearch {
  return compact({
    snapshot: searchString(search['snapshot']),
    from: searchString(search['from']),
    src: searchString(search['src']),
    dst: searchString(search['dst']),
    proto: searchEnum(search['proto'], PROTOCOLS),
    sport: searchInt(search['sport'], 1, 65535),
    dport: searchInt(search['dport'], 1, 65535),
    icmpId: searchInt(search['icmpId'], 0, 65535),
    mark: searchString(search['mark']),
    backend: searchString(search['backend']),
    choose: searchString(search['choose']),
    roundTrip: searchBool(search['roundTrip']),
    job: searchString(search['job']),
    tab: traceTabOf(search['tab']),
    branch: searchInt(search['branch'], 1, 100_000),
  });
}

/** A mark as typed (`0x4000` or decimal) as the API's number, or undefined when it is not one. */
export function parseMark(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const t = text.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : undefined;
}
