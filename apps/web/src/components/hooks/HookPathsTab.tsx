import { useMemo } from 'react';
import { Link, useNavigate } from '@tanstack/react-router';
import { hookPathSvg } from '@hookpath/report';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { HookPathEntryFieldsFragment } from '../../gql/graphql';
import { ErrorPanel } from '../ErrorPanel';
import { formatCount } from '../format';
import { defaultHost } from '../snapshots/default-host';
import { SvgPicture } from '../trace/SvgPicture';

export const HookPathEntryFieldsDoc = graphql(`
  fragment HookPathEntryFields on HookPathEntry {
    kind
    table
    chain
    priority
    priorityName
    policy
    ruleCount
    active
  }
`);

const HookPathsQuery = graphql(`
  query SnapshotHookPaths($id: ID!, $host: String!) {
    snapshot(id: $id) {
      id
      hookPaths(host: $host) {
        host
        hook
        entries {
          ...HookPathEntryFields
        }
      }
    }
  }
`);

const HOOKS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'] as const;

interface HostItem {
  name: string;
  role?: string | null;
}

/** Per host, each netfilter hook and what is registered on it, in priority order: the report library's picture, then the entries with links to their chains. */
export function HookPathsTab({ snapshotId, hosts, host }: { snapshotId: string; hosts: HostItem[] | null; host?: string }) {
  const navigate = useNavigate({ from: '/snapshots/$snapshotId' });
  const current = host ?? defaultHost(hosts);
  return (
    <div className="hook-paths">
      <div className="toolbar">
        <label htmlFor="hook-host">Host</label>
        <select
          id="hook-host"
          value={current ?? ''}
          disabled={hosts === null || hosts.length === 0}
          onChange={(e) => void navigate({ search: (prev) => ({ ...prev, host: e.target.value }) })}
        >
          {(hosts ?? []).map((h) => (
            <option key={h.name} value={h.name}>
              {h.name}
              {h.role !== null && h.role !== undefined ? ` (${h.role})` : ''}
            </option>
          ))}
        </select>
        <span className="muted">Lower priority runs first. Conntrack steps are greyed where no rule needs connection state.</span>
      </div>
      {hosts !== null && hosts.length === 0 && <p className="muted">This snapshot has no hosts.</p>}
      {current !== undefined && <HostHookPaths snapshotId={snapshotId} host={current} />}
    </div>
  );
}

function HostHookPaths({ snapshotId, host }: { snapshotId: string; host: string }) {
  const [result] = useQuery({ query: HookPathsQuery, variables: { id: snapshotId, host } });
  const paths = result.data?.snapshot?.hookPaths;
  // The report library's netfilter picture (the one reports carry), with no packet on it.
  const svg = useMemo(() => (paths === undefined ? null : hookPathSvg({ host, hookPaths: paths })), [paths, host]);
  if (result.error !== undefined) return <ErrorPanel error={result.error} />;
  if (paths === undefined || svg === null) return <div className="skeleton-block tall" aria-busy="true" />;
  const byHook = new Map(paths.map((p) => [p.hook, p.entries]));
  return (
    <>
      <SvgPicture svg={svg} fileName={`${host}-hooks.svg`} label={`Netfilter hooks of ${host}`} testId="hook-path" />
      <h2 className="hook-entries-title">Registered on each hook, in priority order</h2>
      <div className="hook-grid" role="list" aria-label={`Hooks of ${host}`}>
        {HOOKS.map((hook) => (
          <div key={hook} className="hook-column" role="listitem" aria-label={hook}>
            <h3>{hook}</h3>
            <ol>
              {(byHook.get(hook) ?? []).map((entry, i) => (
                <HookEntry key={i} host={host} entry={entry} />
              ))}
              {(byHook.get(hook) ?? []).length === 0 && <li className="muted">nothing registered</li>}
            </ol>
          </div>
        ))}
      </div>
    </>
  );
}

function HookEntry({ host, entry }: { host: string; entry: HookPathEntryFieldsFragment }) {
  const priority = entry.priority === 2147483647 ? 'INT_MAX' : String(entry.priority);
  const className = `hook-entry kind-${entry.kind.toLowerCase()}${entry.table !== null && entry.table !== undefined ? ` table-${entry.table}` : ''}${entry.active ? '' : ' inactive'}`;
  return (
    <li className={className} title={entry.priorityName}>
      <span className="priority">{priority}</span>
      {entry.kind === 'TABLE' ? (
        <span>
          <Link
            from="/snapshots/$snapshotId"
            to="."
            search={(prev) => ({ ...prev, tab: 'hosts', host, table: entry.table ?? undefined, chain: entry.chain ?? undefined })}
          >
            {entry.table} {entry.chain}
          </Link>
          <span className="muted">
            {' '}
            {formatCount(entry.ruleCount)} rules{entry.policy !== null && entry.policy !== undefined && `, policy ${entry.policy}`}
          </span>
        </span>
      ) : (
        <span>
          {entry.kind === 'CONNTRACK' ? 'conntrack' : 'conntrack confirm'}
          {!entry.active && <span className="muted"> (inactive)</span>}
        </span>
      )}
    </li>
  );
}
