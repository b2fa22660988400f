import type { SnapshotCreatedDto, SnapshotDetailDto, SnapshotSummaryDto } from '@hookpath/contracts';
import type { HostRecord, SnapshotFileRecord, SnapshotRecord } from '@hookpath/data-access';

export function toCreatedDto(record: SnapshotRecord, existing: boolean): SnapshotCreatedDto {
  return {
    id: record.id,
    name: record.name,
    contentHash: record.contentHash,
    fileCount: record.fileCount,
    hosts: record.hostNames,
    warnings: record.warnings,
    createdAt: record.createdAt.toISOString(),
    existing,
  };
}

export function toSummaryDto(record: SnapshotRecord): SnapshotSummaryDto {
  return {
    id: record.id,
    name: record.name,
    cluster: record.cluster,
    capturedAt: record.capturedAt,
    description: record.description,
    contentHash: record.contentHash,
    fileCount: record.fileCount,
    totalBytes: record.totalBytes,
    hosts: record.hostNames,
    warningCount: record.warnings.length,
    createdAt: record.createdAt.toISOString(),
  };
}

export function toDetailDto(record: SnapshotRecord, hosts: HostRecord[], files: SnapshotFileRecord[]): SnapshotDetailDto {
  const summary = toSummaryDto(record);
  return {
    ...summary,
    hosts: hosts.map((h) => ({ name: h.name, role: h.meta.role ?? null, node: h.meta.node ?? null, files: h.files })),
    files,
    warnings: record.warnings,
    rawOnly: record.rawOnly,
  };
}
