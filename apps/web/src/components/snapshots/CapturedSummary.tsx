import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { ErrorPanel } from '../ErrorPanel';

const HostFilesQuery = graphql(`
  query SnapshotHostFiles($id: ID!) {
    snapshot(id: $id) {
      id
      hosts {
        name
        files
      }
    }
  }
`);

/** `hosts/h/ip-addr.json` and `.txt` are the same capture; `iptables-nat.txt` is iptables as `-S`. */
function captureKind(path: string): string | null {
  const m = /^hosts\/[^/]+\/(.+)$/.exec(path);
  if (m === null) return null;
  const file = m[1] as string;
  if (file === 'meta.yaml') return null;
  if (/^iptables-(?!save)[a-z]+\.txt$/.test(file)) return 'iptables -S';
  return file.replace(/\.(json|txt|yaml)$/, '');
}

/** For each kind of host file, on how many hosts it was captured. */
export function filesPerKind(hosts: { files: string[] }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const h of hosts) {
    for (const kind of new Set(h.files.map(captureKind).filter((k): k is string => k !== null)))
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** What a snapshot holds besides its hosts (OVN, k8s), and on demand what each host's files captured. */
export function CapturedSummary({
  snapshotId,
  ovn,
  k8s,
  hostCount,
}: {
  snapshotId: string;
  ovn: boolean;
  k8s: boolean;
  hostCount: number;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="captured">
      <span className={`badge${ovn ? ' ok' : ''}`} title={ovn ? 'OVN northbound database (ovn/)' : 'no ovn/'}>
        {ovn ? 'OVN' : 'no OVN'}
      </span>
      <span className={`badge${k8s ? ' ok' : ''}`} title={k8s ? 'Kubernetes objects (k8s/)' : 'no k8s/'}>
        {k8s ? 'k8s' : 'no k8s'}
      </span>
      {hostCount > 0 && (
        <details onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>host files</summary>
          {open && <HostFiles snapshotId={snapshotId} hostCount={hostCount} />}
        </details>
      )}
    </div>
  );
}

function HostFiles({ snapshotId, hostCount }: { snapshotId: string; hostCount: number }) {
  const [result] = useQuery({ query: HostFilesQuery, variables: { id: snapshotId } });
  if (result.error !== undefined) return <ErrorPanel error={result.error} />;
  const hosts = result.data?.snapshot?.hosts;
  if (hosts === undefined) return <span className="skeleton" />;
  return (
    <ul className="file-kinds">
      {filesPerKind(hosts).map(([kind, n]) => (
        <li key={kind}>
          <code>{kind}</code>{' '}
          <span className={n === hostCount ? 'muted' : undefined}>
            {n}/{hostCount}
          </span>
        </li>
      ))}
    </ul>
  );
}
