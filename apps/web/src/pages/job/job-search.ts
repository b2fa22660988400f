import { compact, searchInt } from '../../components/forms/search-values';
import { traceTabOf, type TraceTab } from '../../components/trace/trace-tabs';

/** The job page's view: the trace tab, the flow of a batch or diff that is open and the path of its trace shown. */
export interface JobSearch {
  tab?: TraceTab;
  flow?: number;
  /** The 1-based path shown when the trace has branches. */
  branch?: number;
}

export function jobSearch(search: Record<string, unknown>): JobSearch {
  return compact({
    tab: traceTabOf(search['tab']),
    flow: searchInt(search['flow'], 0, 10_000_000),
    branch: searchInt(search['branch'], 1, 100_000),
  });
}
