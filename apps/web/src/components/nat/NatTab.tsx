import { useMemo } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { ErrorPanel } from '../ErrorPanel';
import { natRows } from './nat-rows';
import { NatTable } from './NatTable';

export const NatTableFieldsDoc = graphql(`
  fragment NatTableFields on NatTable {
    rules {
      host
      table
      chain
      position
      kind
      match
      rule
      targetOptions
      translation
    }
    ipvs {
      host
      address
      port
      protocol
      fwmark
      scheduler
      flags
      persistent {
        timeout
      }
      realServers {
        address
        port
        weight
        forward
      }
    }
    ovn {
      datapath
      datapathKind
      type
      external
      externalPorts
      externalMac
      logical
      logicalPort
      loadBalancer
      protocol
      placement
      chassis
      chassisHost
      owner
    }
  }
`);

const NatTableQuery = graphql(`
  query SnapshotNatTable($id: ID!) {
    snapshot(id: $id) {
      id
      natTable {
        ...NatTableFields
      }
    }
  }
`);

/** Every address translation of the snapshot in one table: iptables, IPVS and OVN. Search and sort live in the URL. */
export function NatTab({ snapshotId, q, sort }: { snapshotId: string; q?: string; sort?: string }) {
  const navigate = useNavigate({ from: '/snapshots/$snapshotId' });
  const [result] = useQuery({ query: NatTableQuery, variables: { id: snapshotId } });
  const table = result.data?.snapshot?.natTable;
  const rows = useMemo(() => (table === undefined ? null : natRows(table)), [table]);
  return (
    <div className="nat-tab">
      <div className="toolbar">
        <label htmlFor="nat-search">Search</label>
        <input
          id="nat-search"
          type="search"
          placeholder="address, chain, kind, owner…"
          value={q ?? ''}
          onChange={(e) =>
            void navigate({ search: (prev) => ({ ...prev, q: e.target.value === '' ? undefined : e.target.value }), replace: true })
          }
        />
      </div>
      {result.error !== undefined && <ErrorPanel error={result.error} />}
      <NatTable
        rows={rows}
        q={q ?? ''}
        sort={sort}
        onSort={(next) => void navigate({ search: (prev) => ({ ...prev, sort: next }), replace: true })}
      />
    </div>
  );
}
