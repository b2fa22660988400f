import { compact, searchInt } from '../../components/forms/search-values';
import { traceTabOf, type TraceTab } from '../../components/trace/trace-tabs';

/** The job page's view: the trace tab, and the flow of a batch or diff that is open. */
export interface JobSearch {
  tab?: TraceTab;
  flow?: number;
}

export function jobSearch(search: Record<string, unknown>): JobSearch {
  return compact({ tab: traceTabOf(search['tab']), flow: searchInt(search['flow'], 0, 10_000_000) });
}
