import type { HostMeta, HostRole, IptablesTableName, OvsInterface, ParseIssue, SnapshotMeta, Topology } from '@hookpath/model';
import type { Host as HostRow, Snapshot as SnapshotRow } from '../generated/prisma/client';
import { fromJson, fromNullableJson } from '../json';
import type { HostRecord, IptablesHeader, SnapshotRecord } from './snapshot-records';

/** A snapshot row without the model's JSON (ovn, kube), which a record does not hold. */
export function toSnapshotRecord(row: Omit<SnapshotRow, 'ovn' | 'kube'>, hostNames: string[]): SnapshotRecord {
  const meta = fromJson<SnapshotMeta>(row.meta);
  return {
    id: row.id,
    name: row.name,
    cluster: row.cluster,
    capturedAt: meta.capturedAt ?? null,
    description: row.description,
    contentHash: row.contentHash,
    fileCount: row.fileCount,
    totalBytes: row.totalBytes,
    meta,
    topology: fromJson<Topology>(row.topology),
    warnings: fromJson<ParseIssue[]>(row.warnings),
    rawOnly: row.rawOnly,
    hostNames,
    createdAt: row.createdAt,
  };
}

function hostMetaOf(row: HostRow): HostMeta {
  const meta: HostMeta = {};
  if (row.role !== null) meta.role = row.role as HostRole;
  if (row.node !== null) meta.node = row.node;
  if (row.notes !== null) meta.notes = row.notes;
  return meta;
}

function iptablesHeaderOf(row: HostRow): IptablesHeader | null {
  if (row.iptablesFormat === null) return null;
  const header: IptablesHeader = {
    format: row.iptablesFormat as IptablesHeader['format'],
    tables: row.iptablesTables as IptablesTableName[],
  };
  if (row.iptablesBackend !== null) header.backend = row.iptablesBackend as 'nf_tables' | 'legacy';
  if (row.iptablesVersion !== null) header.version = row.iptablesVersion;
  return header;
}

export function toHostRecord(row: HostRow): HostRecord {
  const record: HostRecord = {
    id: row.id,
    snapshotId: row.snapshotId,
    ordinal: row.ordinal,
    name: row.name,
    meta: hostMetaOf(row),
    interfaces: fromNullableJson(row.interfaces),
    routes: fromNullableJson(row.routes),
    rules: fromNullableJson(row.rules),
    sysctls: fromNullableJson(row.sysctls),
    iptables: iptablesHeaderOf(row),
    ipsets: fromNullableJson(row.ipsets),
    conntrack: fromNullableJson(row.conntrack),
    ipvs: fromNullableJson(row.ipvs),
    fdb: fromNullableJson(row.fdb),
    neighbours: fromNullableJson(row.neighbours),
    files: row.files,
  };
  const ovsInterfaces = fromNullableJson<OvsInterface[]>(row.ovsInterfaces);
  if (ovsInterfaces !== null) record.ovsInterfaces = ovsInterfaces;
  return record;
}
