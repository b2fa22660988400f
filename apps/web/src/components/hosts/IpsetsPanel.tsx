import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { HostIpsetFragment } from '../../gql/graphql';
import { ErrorPanel } from '../ErrorPanel';
import { formatCount } from '../format';

export const HostIpsetFields = graphql(`
  fragment HostIpset on Ipset {
    name
    type
    family
    memberCount
    options {
      name
      value
    }
  }
`);

const MEMBERS_SHOWN = 1000;

const IpsetMembersQuery = graphql(`
  query HostIpsetMembers($id: ID!, $host: String!, $first: Int!) {
    snapshot(id: $id) {
      id
      host(name: $host) {
        name
        ipsets {
          name
          members(first: $first) {
            value
            comment
            nomatch
            timeout
            packets
            bytes
          }
        }
      }
    }
  }
`);

/** The sets of `ipset save`, each opening onto its members. */
export function IpsetsPanel({
  snapshotId,
  host,
  ipsets,
}: {
  snapshotId: string;
  host: string;
  ipsets: HostIpsetFragment[] | null | undefined;
}) {
  if (ipsets === null || ipsets === undefined) return <p className="muted">Not captured (no ipset.txt).</p>;
  if (ipsets.length === 0) return <p className="muted">No sets.</p>;
  return (
    <ul className="ipsets">
      {ipsets.map((set) => (
        <IpsetItem key={set.name} snapshotId={snapshotId} host={host} set={set} />
      ))}
    </ul>
  );
}

function IpsetItem({ snapshotId, host, set }: { snapshotId: string; host: string; set: HostIpsetFragment }) {
  const [open, setOpen] = useState(false);
  const options = set.options.map((o) => (o.value === null || o.value === undefined ? o.name : `${o.name} ${o.value}`)).join(' ');
  return (
    <li>
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <code>{set.name}</code> <span className="muted">{set.type}</span> {formatCount(set.memberCount)} members
          {options !== '' && <span className="muted mono"> {options}</span>}
        </summary>
        {open && <IpsetMembers snapshotId={snapshotId} host={host} name={set.name} count={set.memberCount} />}
      </details>
    </li>
  );
}

function IpsetMembers({ snapshotId, host, name, count }: { snapshotId: string; host: string; name: string; count: number }) {
  const [result] = useQuery({ query: IpsetMembersQuery, variables: { id: snapshotId, host, first: MEMBERS_SHOWN } });
  if (result.error !== undefined) return <ErrorPanel error={result.error} />;
  const members = result.data?.snapshot?.host?.ipsets?.find((s) => s.name === name)?.members;
  if (members === undefined) return <div className="skeleton-block short" />;
  if (members.length === 0) return <p className="muted">Empty.</p>;
  return (
    <>
      <pre className="ipset-members">
        {members
          .map((m) => `${m.nomatch ? '! ' : ''}${m.value}${m.comment !== null && m.comment !== undefined ? ` comment "${m.comment}"` : ''}`)
          .join('\n')}
      </pre>
      {count > members.length && (
        <p className="muted">
          The first {formatCount(members.length)} of {formatCount(count)} members.
        </p>
      )}
    </>
  );
}
