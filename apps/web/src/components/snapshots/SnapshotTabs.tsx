import { Link } from '@tanstack/react-router';
import { SNAPSHOT_TABS, type SnapshotTab } from '../../pages/snapshot-search';

const LABELS: Record<SnapshotTab, string> = { topology: 'Topology', hosts: 'Hosts', hooks: 'Hook paths', nat: 'NAT' };

/** The snapshot's views as links (the tab is in the URL), marked up as a tab list; the search and sort of one tab do not follow to another. */
export function SnapshotTabs({ snapshotId, current }: { snapshotId: string; current: SnapshotTab }) {
  return (
    <nav className="tabs" role="tablist" aria-label="Snapshot views">
      {SNAPSHOT_TABS.map((tab) => (
        <Link
          key={tab}
          role="tab"
          id={`tab-${tab}`}
          aria-selected={tab === current}
          aria-controls="snapshot-tabpanel"
          to="/snapshots/$snapshotId"
          params={{ snapshotId }}
          search={(prev) => ({ ...prev, tab: tab === 'topology' ? undefined : tab, q: undefined, sort: undefined })}
          activeOptions={{ exact: true }}
        >
          {LABELS[tab]}
        </Link>
      ))}
    </nav>
  );
}
