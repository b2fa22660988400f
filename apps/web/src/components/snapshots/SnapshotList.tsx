import { useEffect, useRef, useState } from 'react';
import { Link } from '@tanstack/react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { ErrorPanel } from '../ErrorPanel';
import { formatAge, formatCount, formatTime } from '../format';
import { CapturedSummary } from './CapturedSummary';
import { DeleteSnapshotButton } from './DeleteSnapshotButton';

const SnapshotListQuery = graphql(`
  query SnapshotList($first: Int!, $after: String, $search: String) {
    snapshots(first: $first, after: $after, search: $search) {
      edges {
        node {
          id
          name
          cluster
          capturedAt
          createdAt
          hostCount
          fileCount
          captured {
            ovn
            k8s
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const PAGE = 50;

/** The stored snapshots, newest first, matching `search` on the server; pages appended by "Show more". */
export function SnapshotList({ search, version, onChanged }: { search: string; version: number; onChanged: () => void }) {
  const [paging, setPaging] = useState<{ search: string; cursors: (string | null)[] }>({ search, cursors: [null] });
  // A new search starts again from the first page (which keeps showing the previous rows until the answer comes).
  const cursors = paging.search === search ? paging.cursors : [null];
  return (
    <table className="data snapshot-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Cluster</th>
          <th scope="col">Captured</th>
          <th scope="col" className="num">
            Hosts
          </th>
          <th scope="col">What was captured</th>
          <th scope="col">Uploaded</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      {cursors.map((after, i) => (
        <ListPage
          key={after ?? 'first'}
          after={after}
          search={search}
          version={version}
          last={i === cursors.length - 1}
          onMore={(cursor) => setPaging({ search, cursors: [...cursors, cursor] })}
          onChanged={onChanged}
        />
      ))}
    </table>
  );
}

function ListPage(props: {
  after: string | null;
  search: string;
  version: number;
  last: boolean;
  onMore: (cursor: string) => void;
  onChanged: () => void;
}) {
  const [result, reexecute] = useQuery({
    query: SnapshotListQuery,
    variables: { first: PAGE, after: props.after, search: props.search === '' ? null : props.search },
  });
  const seen = useRef(props.version);
  useEffect(() => {
    if (seen.current === props.version) return;
    seen.current = props.version;
    reexecute({ requestPolicy: 'network-only' });
  }, [props.version, reexecute]);
  // While another search is read, the rows of the previous one stay (dimmed): the table does not jump.
  const shown = useRef(result.data?.snapshots);
  if (result.data !== undefined) shown.current = result.data.snapshots;
  const connection = shown.current;
  const stale = result.data === undefined;
  if (result.error !== undefined) {
    return (
      <tbody>
        <tr>
          <td colSpan={7}>
            <ErrorPanel error={result.error} />
          </td>
        </tr>
      </tbody>
    );
  }
  if (connection === undefined) {
    return (
      <tbody aria-busy="true">
        {[0, 1, 2].map((i) => (
          <tr key={i} className="skeleton-row">
            <td colSpan={7}>
              <span className="skeleton" style={{ width: `${60 - i * 10}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    );
  }
  const rows = connection.edges.map((e) => e.node);
  return (
    <tbody className={stale ? 'stale' : undefined} aria-busy={stale}>
      {rows.length === 0 && props.after === null && (
        <tr>
          <td colSpan={7} className="muted">
            {props.search === ''
              ? 'No snapshots yet: upload one above, or run hookpath collect on a node.'
              : `No snapshot matches “${props.search}”.`}
          </td>
        </tr>
      )}
      {rows.map((s) => {
        const age = formatAge(s.capturedAt);
        return (
          <tr key={s.id} data-testid="snapshot-row" data-snapshot-id={s.id}>
            <td>
              <Link to="/snapshots/$snapshotId" params={{ snapshotId: s.id }}>
                {s.name}
              </Link>
            </td>
            <td>{s.cluster ?? <span className="muted">—</span>}</td>
            <td>
              {s.capturedAt === null || s.capturedAt === undefined ? (
                <span className="badge warn">unknown</span>
              ) : (
                <>
                  <time dateTime={s.capturedAt}>{formatTime(s.capturedAt)}</time>
                  {age !== null && <div className="muted small">{age}</div>}
                </>
              )}
            </td>
            <td className="num">{formatCount(s.hostCount)}</td>
            <td>
              <CapturedSummary snapshotId={s.id} ovn={s.captured.ovn} k8s={s.captured.k8s} hostCount={s.hostCount} />
              <div className="muted small">{formatCount(s.fileCount)} files</div>
            </td>
            <td className="muted">{formatTime(s.createdAt)}</td>
            <td>
              <DeleteSnapshotButton id={s.id} name={s.name} onDeleted={props.onChanged} />
            </td>
          </tr>
        );
      })}
      {props.last &&
        connection.pageInfo.hasNextPage &&
        connection.pageInfo.endCursor !== null &&
        connection.pageInfo.endCursor !== undefined && (
          <tr>
            <td colSpan={7}>
              <button type="button" onClick={() => props.onMore(connection.pageInfo.endCursor as string)}>
                Show more
              </button>
            </td>
          </tr>
        )}
    </tbody>
  );
}
