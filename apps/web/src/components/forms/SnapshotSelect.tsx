import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatTime } from '../format';

const SnapshotOptionsQuery = graphql(`
  query SnapshotOptions {
    snapshots(first: 100) {
      edges {
        node {
          id
          name
          capturedAt
        }
      }
    }
  }
`);

/** A labelled select of the stored snapshots (newest first), by id. */
export function SnapshotSelect({
  id,
  value,
  onChange,
  required = true,
}: {
  id: string;
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  required?: boolean;
}) {
  const [result] = useQuery({ query: SnapshotOptionsQuery });
  const snapshots = (result.data?.snapshots.edges ?? []).map((e) => e.node);
  const known = value === undefined || snapshots.some((s) => s.id === value);
  return (
    <select id={id} value={value ?? ''} required={required} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
      <option value="">{result.fetching ? 'Loading snapshots…' : 'Choose a snapshot'}</option>
      {!known && <option value={value}>{value}</option>}
      {snapshots.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name} — captured {formatTime(s.capturedAt)}
        </option>
      ))}
    </select>
  );
}
