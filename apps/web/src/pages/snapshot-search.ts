/** The view state of a snapshot page, all of it in the URL (`/snapshots/<id>?tab=hosts&host=node-1&table=nat&chain=PREROUTING`). */
export const SNAPSHOT_TABS = ['topology', 'hosts', 'hooks', 'nat'] as const;
export type SnapshotTab = (typeof SNAPSHOT_TABS)[number];

export interface SnapshotSearch {
  /** Default: topology. */
  tab?: SnapshotTab;
  /** Hosts tab: the host shown; hook paths: the host filter. */
  host?: string;
  /** Hosts tab: the iptables table and chain shown. */
  table?: string;
  chain?: string;
  /** NAT tab: the search text; hosts tab: the filter of the host list. */
  q?: string;
  /** NAT tab: the sort column, `-` first for descending (`-kind`). */
  sort?: string;
}

// The router parses search values as JSON: a host named `1` arrives as a number.
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isTab(value: string | undefined): value is SnapshotTab {
  return value !== undefined && (SNAPSHOT_TABS as readonly string[]).includes(value);
}

export function snapshotSearch(search: Record<string, unknown>): SnapshotSearch {
  const out: SnapshotSearch = {};
  const tab = text(search['tab']);
  if (isTab(tab) && tab !== 'topology') out.tab = tab;
  for (const key of ['host', 'table', 'chain', 'q', 'sort'] as const) {
    const value = text(search[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
