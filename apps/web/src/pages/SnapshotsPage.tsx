import { useCallback, useDeferredValue, useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { SnapshotList } from '../components/snapshots/SnapshotList';
import { UploadPanel } from '../components/upload/UploadPanel';

/** The stored snapshots (searched on the server; the search is the URL's `q`), upload and delete. */
export function SnapshotsPage() {
  const search = useSearch({ from: '/' });
  const navigate = useNavigate({ from: '/' });
  const q = search.q ?? '';
  const deferred = useDeferredValue(q.trim());
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  return (
    <>
      <UploadPanel onUploaded={refresh} />
      <section className="panel" aria-labelledby="snapshots-title">
        <div className="toolbar">
          <h1 id="snapshots-title">Snapshots</h1>
          <label htmlFor="snapshot-search" className="visually-hidden">
            Search snapshots
          </label>
          <input
            id="snapshot-search"
            type="search"
            placeholder="Search name, cluster or description"
            value={q}
            onChange={(e) => void navigate({ search: e.target.value === '' ? {} : { q: e.target.value }, replace: true })}
          />
        </div>
        <SnapshotList search={deferred} version={version} onChanged={refresh} />
      </section>
    </>
  );
}
