import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorPanel } from '../components/ErrorPanel';
import { formatTime } from '../components/format';

const SnapshotsQuery = graphql(`
  query Snapshots($first: Int) {
    snapshots(first: $first) {
      edges {
        node {
          id
          name
          cluster
          capturedAt
          createdAt
          fileCount
          hosts {
            name
          }
          rawOnly
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** The stored snapshots, newest first. */
export function SnapshotsPage() {
  const search = useSearch({ from: '/' });
  const navigate = useNavigate({ from: '/' });
  const [result] = useQuery({ query: SnapshotsQuery, variables: { first: 100 } });
  const q = (search.q ?? '').toLowerCase();
  const rows = (result.data?.snapshots.edges ?? []).map((e) => e.node).filter((s) => q === '' || `${s.name} ${s.cluster ?? ''}`.toLowerCase().includes(q));
  return (
    <section className="panel">
      <h1>Snapshots</h1>
      <input
        type="search"
        aria-label="Search snapshots"
        placeholder="Search by name or cluster"
        value={search.q ?? ''}
        onChange={(e) => void navigate({ search: e.target.value === '' ? {} : { q: e.target.value }, replace: true })}
      />
      {result.error !== undefined && <ErrorPanel error={result.error} />}
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Cluster</th>
            <th scope="col">Captured</th>
            <th scope="col">Hosts</th>
            <th scope="col">Files</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <td>
                <Link to="/snapshots/$snapshotId" params={{ snapshotId: s.id }}>
                  {s.name}
                </Link>
              </td>
              <td>{s.cluster ?? '—'}</td>
              <td>{formatTime(s.capturedAt)}</td>
              <td>{s.hosts.length}</td>
              <td>{s.fileCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
