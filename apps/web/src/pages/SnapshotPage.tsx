import { useParams, useSearch } from '@tanstack/react-router';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorPanel } from '../components/ErrorPanel';
import { SnapshotHeader } from '../components/snapshots/SnapshotHeader';
import { SnapshotTabs } from '../components/snapshots/SnapshotTabs';
import { TopologyView } from '../components/topology/TopologyView';
import { HostsTab } from '../components/hosts/HostsTab';
import { HookPathsTab } from '../components/hooks/HookPathsTab';
import { NatTab } from '../components/nat/NatTab';
import type { SnapshotSearch } from './snapshot-search';

export { snapshotSearch } from './snapshot-search';

const SnapshotHeaderQuery = graphql(`
  query SnapshotHeader($id: ID!) {
    snapshot(id: $id) {
      id
      name
      cluster
      capturedAt
      createdAt
      description
      hosts {
        name
        role
        node
      }
      warnings {
        file
        line
      }
    }
  }
`);

/** One snapshot: its header (always visible) and the topology, hosts, hook paths and NAT views. */
export function SnapshotPage() {
  const { snapshotId } = useParams({ from: '/snapshots/$snapshotId' });
  const search = useSearch({ from: '/snapshots/$snapshotId' });
  const [result] = useQuery({ query: SnapshotHeaderQuery, variables: { id: snapshotId } });
  const snapshot = result.data?.snapshot;
  const tab = search.tab ?? 'topology';
  if (result.data !== undefined && snapshot === null) {
    return (
      <section className="panel">
        <h1>Snapshot not found</h1>
        <p>No snapshot has the id {snapshotId}. It may have been deleted.</p>
      </section>
    );
  }
  return (
    <div className="snapshot-page">
      <SnapshotHeader
        snapshot={
          snapshot === undefined || snapshot === null
            ? null
            : { ...snapshot, hostCount: snapshot.hosts.length, warningCount: snapshot.warnings.length }
        }
      />
      {result.error !== undefined && <ErrorPanel error={result.error} />}
      <SnapshotTabs snapshotId={snapshotId} current={tab} />
      <div id="snapshot-tabpanel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="snapshot-tabpanel">
        <TabContent snapshotId={snapshotId} search={search} hosts={snapshot?.hosts ?? null} />
      </div>
    </div>
  );
}

interface HostSummary {
  name: string;
  role?: string | null;
  node?: string | null;
}

function TabContent({ snapshotId, search, hosts }: { snapshotId: string; search: SnapshotSearch; hosts: HostSummary[] | null }) {
  switch (search.tab ?? 'topology') {
    case 'topology':
      return <TopologyView snapshotId={snapshotId} />;
    case 'hosts':
      return <HostsTab snapshotId={snapshotId} hosts={hosts} search={search} />;
    case 'hooks':
      return <HookPathsTab snapshotId={snapshotId} hosts={hosts} host={search.host} />;
    case 'nat':
      return <NatTab snapshotId={snapshotId} q={search.q} sort={search.sort} />;
  }
}
