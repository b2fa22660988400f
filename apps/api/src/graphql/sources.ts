import type { HostRecord, IptablesHeader } from '@hookpath/data-access';
import type { IptablesChain } from '@hookpath/model';

/** What the resolvers below Host receive as parent: enough to reach the stored rows and the cached model. */
export interface HostRef {
  snapshotId: string;
  hostId: string;
  hostName: string;
}

export interface IptablesSource extends HostRef {
  format: string;
  backend: string | null;
  version: string | null;
  tableNames: string[];
}

export interface IptablesTableSource extends HostRef {
  name: string;
}

export interface IptablesChainSource extends HostRef {
  table: string;
  name: string;
  builtin: boolean;
  policy: string | null;
  packets: number | null;
  bytes: number | null;
}

export function hostRef(host: HostRecord): HostRef {
  return { snapshotId: host.snapshotId, hostId: host.id, hostName: host.name };
}

export function iptablesSource(host: HostRecord, header: IptablesHeader): IptablesSource {
  return {
    ...hostRef(host),
    format: header.format,
    backend: header.backend ?? null,
    version: header.version ?? null,
    tableNames: header.tables,
  };
}

export function chainSource(ref: HostRef, table: string, chain: IptablesChain): IptablesChainSource {
  return {
    ...ref,
    table,
    name: chain.name,
    builtin: chain.builtin,
    policy: chain.policy,
    packets: chain.counters?.packets ?? null,
    bytes: chain.counters?.bytes ?? null,
  };
}
