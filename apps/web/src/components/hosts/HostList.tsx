import { Link, useNavigate } from '@tanstack/react-router';

export interface HostListItem {
  name: string;
  role?: string | null;
  node?: string | null;
}

/** The hosts of a snapshot, filterable (the filter is the URL's `q`), each a link that keeps the chosen iptables table. */
export function HostList({
  hosts,
  current,
  filter,
}: {
  hosts: HostListItem[] | null;
  current: string | undefined;
  filter: string | undefined;
}) {
  const navigate = useNavigate({ from: '/snapshots/$snapshotId' });
  const needle = (filter ?? '').toLowerCase();
  const shown = (hosts ?? []).filter((h) => needle === '' || `${h.name} ${h.role ?? ''} ${h.node ?? ''}`.toLowerCase().includes(needle));
  return (
    <nav className="host-list" aria-label="Hosts">
      <label className="visually-hidden" htmlFor="host-filter">
        Filter hosts
      </label>
      <input
        id="host-filter"
        type="search"
        placeholder="Filter hosts"
        value={filter ?? ''}
        onChange={(e) =>
          void navigate({ search: (prev) => ({ ...prev, q: e.target.value === '' ? undefined : e.target.value }), replace: true })
        }
      />
      {hosts === null ? (
        <div className="skeleton-block" />
      ) : (
        <ul>
          {shown.map((h) => (
            <li key={h.name}>
              <Link
                from="/snapshots/$snapshotId"
                to="."
                search={(prev) => ({ ...prev, host: h.name, chain: undefined })}
                aria-current={h.name === current ? 'page' : undefined}
                className={h.name === current ? 'current' : undefined}
              >
                <span className="host-name">{h.name}</span>
                {h.role !== null && h.role !== undefined && <span className={`role role-${h.role}`}>{h.role}</span>}
              </Link>
            </li>
          ))}
          {shown.length === 0 && <li className="muted">No host matches.</li>}
        </ul>
      )}
    </nav>
  );
}
