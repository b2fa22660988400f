import { randomUUID } from 'node:crypto';
import type { Host, PackedSnapshotFile, SnapshotModel } from '@hookpath/model';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { toJson, toNullableJson } from '../json';

export interface CreateSnapshotInput {
  contentHash: string;
  model: SnapshotModel;
  /** The files as uploaded, packed (snapshot-io's packFiles). */
  files: PackedSnapshotFile[];
  /** Display name; defaults to snapshot.yaml's name, then to `snapshot-<hash prefix>`. */
  name?: string;
}

/** Files are batched by rows and by compressed size: bounds one statement and one round trip. */
const FILE_BATCH_ROWS = 500;
const FILE_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * An interactive transaction's default 5 s timeout is too short for a whole cluster's files
 * (hundreds of MB of text); the limit stays, as a bound on a stuck write.
 */
export const WRITE_TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10 * 60_000 } as const;

type FileRow = Prisma.SnapshotFileCreateManyInput;
type HostRow = Prisma.HostCreateManyInput;

/** The rows to store. A host's iptables chains and rules are not rows: they are read from its file. */
interface PreparedSnapshot {
  snapshot: Prisma.SnapshotCreateInput & { id: string };
  files: FileRow[];
  hosts: HostRow[];
}

function capturedAtDate(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function fileRow(snapshotId: string, file: PackedSnapshotFile): FileRow {
  return { id: randomUUID(), snapshotId, path: file.path, size: file.size, sha256: file.sha256, content: file.gzipped };
}

function hostRow(snapshotId: string, hostId: string, ordinal: number, host: Host): HostRow {
  return {
    id: hostId,
    snapshotId,
    ordinal,
    name: host.name,
    role: host.meta.role ?? null,
    node: host.meta.node ?? null,
    notes: host.meta.notes ?? null,
    interfaces: toNullableJson(host.interfaces),
    routes: toNullableJson(host.routes),
    rules: toNullableJson(host.rules),
    sysctls: toNullableJson(host.sysctls),
    ipsets: toNullableJson(host.ipsets),
    conntrack: toNullableJson(host.conntrack),
    ipvs: toNullableJson(host.ipvs),
    fdb: toNullableJson(host.fdb),
    neighbours: toNullableJson(host.neighbours),
    ovsInterfaces: toNullableJson(host.ovsInterfaces ?? null),
    files: host.files,
    iptablesFormat: host.iptables?.format ?? null,
    iptablesBackend: host.iptables?.backend ?? null,
    iptablesVersion: host.iptables?.version ?? null,
    iptablesTables: host.iptables?.tables.map((t) => t.name) ?? [],
  };
}

function prepare(input: CreateSnapshotInput): PreparedSnapshot {
  const { model } = input;
  const snapshotId = randomUUID();
  const files = input.files.map((file) => fileRow(snapshotId, file));
  const hosts = model.hosts.map((host, ordinal) => hostRow(snapshotId, randomUUID(), ordinal, host));
  const snapshot = {
    id: snapshotId,
    name: input.name ?? model.meta.name ?? `snapshot-${input.contentHash.slice(0, 12)}`,
    cluster: model.meta.cluster ?? null,
    capturedAt: capturedAtDate(model.meta.capturedAt),
    description: model.meta.description ?? null,
    meta: toJson(model.meta),
    contentHash: input.contentHash,
    fileCount: files.length,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    topology: toJson(model.topology),
    warnings: toJson(model.warnings),
    rawOnly: model.rawOnly,
    ovn: toNullableJson(model.ovn ?? null),
    kube: toNullableJson(model.kube ?? null),
  };
  return { snapshot, files, hosts };
}

function* fileBatches(rows: FileRow[]): Generator<FileRow[]> {
  let batch: FileRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = (row.content as Uint8Array).byteLength;
    if (batch.length > 0 && (batch.length >= FILE_BATCH_ROWS || bytes + size > FILE_BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(row);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/** Stores the snapshot, its files and hosts in one transaction; returns the new id. */
export async function writeSnapshot(client: PrismaClient, input: CreateSnapshotInput): Promise<string> {
  const prepared = prepare(input);
  await client.$transaction(async (tx) => {
    await tx.snapshot.create({ data: prepared.snapshot, select: { id: true } });
    for (const batch of fileBatches(prepared.files)) await tx.snapshotFile.createMany({ data: batch });
    if (prepared.hosts.length > 0) await tx.host.createMany({ data: prepared.hosts });
  }, WRITE_TRANSACTION_OPTIONS);
  return prepared.snapshot.id;
}
