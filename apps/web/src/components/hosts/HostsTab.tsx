import type { SnapshotSearch } from '../../pages/snapshot-search';
import { defaultHost } from '../snapshots/default-host';
import { HostList, type HostListItem } from './HostList';
import { HostDetail } from './HostDetail';

/** A list of the snapshot's hosts at the side, and everything captured in the one the URL names (`host`). */
export function HostsTab({ snapshotId, hosts, search }: { snapshotId: string; hosts: HostListItem[] | null; search: SnapshotSearch }) {
  const host = search.host ?? defaultHost(hosts);
  return (
    <div className="hosts-tab">
      <HostList hosts={hosts} current={host} filter={search.q} />
      <div className="host-detail">
        {host === undefined ? (
          hosts === null ? (
            <div className="skeleton-block" />
          ) : (
            <p className="muted">This snapshot has no hosts (only OVN data).</p>
          )
        ) : (
          <HostDetail key={host} snapshotId={snapshotId} host={host} table={search.table} chain={search.chain} />
        )}
      </div>
    </div>
  );
}
