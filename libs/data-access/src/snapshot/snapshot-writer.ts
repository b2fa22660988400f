import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Host, IptablesChain, IptablesRule, SnapshotFile, SnapshotModel } from '@hookpath/model';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { toJson, toNullableJson } from '../json';
import { bigintText, bulkInsert, type BulkColumn } from './bulk-insert';
import { orderedUuid } from './ordered-uuid';

const gzipAsync = promisify(gzip);

export interface CreateSnapshotInput {
  contentHash: string;
  model: SnapshotModel;
  files: SnapshotFile[];
  /** Display name; defaults to snapshot.yaml's name, then to `snapshot-<hash prefix>`. */
  name?: string;
}

/** Rows per statement: bounds the size of one statement and of one round trip. */
const RULE_BATCH = 2_000;
const CHAIN_BATCH = 2_000;
/** Files are batched by compressed size as well. */
const FILE_BATCH_ROWS = 500;
const FILE_BATCH_BYTES = 16 * 1024 * 1024;
const GZIP_CONCURRENCY = 16;

/**
 * An interactive transaction's default 5 s timeout is too short for a 100k-rule snapshot, and a
 * whole cluster's millions of rules take minutes (200 nodes of 20,000 rules: about 10 on 2 cores).
 */
export const WRITE_TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30 * 60_000 } as const;

type FileRow = Prisma.SnapshotFileCreateManyInput;
type HostRow = Prisma.HostCreateManyInput;

interface ChainRow {
  id: string;
  hostId: string;
  table: string;
  chain: IptablesChain;
  ordinal: number;
}

interface RuleRow {
  id: string;
  chainId: string;
  hostId: string;
  table: string;
  chain: string;
  rule: IptablesRule;
}

const CHAIN_COLUMNS: readonly BulkColumn<ChainRow>[] = [
  { name: 'id', type: 'text', value: (r) => r.id },
  { name: 'hostId', type: 'text', value: (r) => r.hostId },
  { name: 'table', type: 'text', value: (r) => r.table },
  { name: 'name', type: 'text', value: (r) => r.chain.name },
  { name: 'builtin', type: 'boolean', value: (r) => r.chain.builtin },
  { name: 'policy', type: 'text', value: (r) => r.chain.policy },
  { name: 'packets', type: 'bigint', value: (r) => bigintText(r.chain.counters?.packets) },
  { name: 'bytes', type: 'bigint', value: (r) => bigintText(r.chain.counters?.bytes) },
  { name: 'ordinal', type: 'int', value: (r) => r.ordinal },
];

const RULE_COLUMNS: readonly BulkColumn<RuleRow>[] = [
  { name: 'id', type: 'text', value: (r) => r.id },
  { name: 'chainId', type: 'text', value: (r) => r.chainId },
  { name: 'hostId', type: 'text', value: (r) => r.hostId },
  { name: 'table', type: 'text', value: (r) => r.table },
  { name: 'chain', type: 'text', value: (r) => r.chain },
  { name: 'position', type: 'int', value: (r) => r.rule.position },
  { name: 'text', type: 'text', value: (r) => r.rule.text },
  { name: 'line', type: 'int', value: (r) => r.rule.line },
  { name: 'packets', type: 'bigint', value: (r) => bigintText(r.rule.counters?.packets) },
  { name: 'bytes', type: 'bigint', value: (r) => bigintText(r.rule.counters?.bytes) },
  { name: 'matches', type: 'jsonb', value: (r) => r.rule.matches },
  { name: 'target', type: 'text', value: (r) => r.rule.target?.name ?? null },
  { name: 'targetKind', type: 'text', value: (r) => r.rule.target?.kind ?? null },
  { name: 'targetOptions', type: 'jsonb', value: (r) => r.rule.target?.options ?? null },
];

/** The rows to store; the rules are made from the chains batch by batch (ruleBatches). */
interface PreparedSnapshot {
  snapshot: Prisma.SnapshotCreateInput & { id: string };
  files: FileRow[];
  hosts: HostRow[];
  chains: ChainRow[];
}

function capturedAtDate(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

async function prepareFiles(snapshotId: string, files: SnapshotFile[]): Promise<FileRow[]> {
  const rows: FileRow[] = [];
  for (let i = 0; i < files.length; i += GZIP_CONCURRENCY) {
    const slice = files.slice(i, i + GZIP_CONCURRENCY);
    const texts = slice.map((f) => Buffer.from(f.content, 'utf8'));
    const compressed = await Promise.all(texts.map((t) => gzipAsync(t)));
    slice.forEach((file, j) => {
      const text = texts[j] as Buffer;
      rows.push({
        id: randomUUID(),
        snapshotId,
        path: file.path,
        size: text.byteLength,
        sha256: createHash('sha256').update(text).digest('hex'),
        content: new Uint8Array(compressed[j] as Buffer),
      });
    });
  }
  return rows;
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

async function prepare(input: CreateSnapshotInput): Promise<PreparedSnapshot> {
  const { model } = input;
  const snapshotId = randomUUID();
  const files = await prepareFiles(snapshotId, input.files);
  const hosts: HostRow[] = [];
  const chains: ChainRow[] = [];
  model.hosts.forEach((host, hostOrdinal) => {
    const hostId = randomUUID();
    hosts.push(hostRow(snapshotId, hostId, hostOrdinal, host));
    let ordinal = 0;
    for (const table of host.iptables?.tables ?? []) {
      for (const chain of table.chains) chains.push({ id: orderedUuid(), hostId, table: table.name, chain, ordinal: ordinal++ });
    }
  });
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
  return { snapshot, files, hosts, chains };
}

/**
 * The rule rows of the chains, RULE_BATCH at a time. A chain read lazily (`ruleSource`) gives its
 * rules one by one without keeping them, so a cluster's millions of rules are never all parsed at
 * once: only the batch being stored is.
 */
function* ruleBatches(chains: readonly ChainRow[]): Generator<RuleRow[]> {
  let batch: RuleRow[] = [];
  for (const { id: chainId, hostId, table, chain } of chains) {
    const source = chain.ruleSource;
    const count = source === undefined ? chain.rules.length : source.count;
    for (let i = 0; i < count; i++) {
      const rule = source === undefined ? (chain.rules[i] as IptablesRule) : source.rule(i);
      batch.push({ id: orderedUuid(), chainId, hostId, table, chain: chain.name, rule });
      if (batch.length >= RULE_BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
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

function* chunks<T>(rows: T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** Stores the snapshot, its files, hosts, chains and rules in one transaction; returns the new id. */
export async function writeSnapshot(client: PrismaClient, input: CreateSnapshotInput): Promise<string> {
  const prepared = await prepare(input);
  await client.$transaction(async (tx) => {
    await tx.snapshot.create({ data: prepared.snapshot, select: { id: true } });
    for (const batch of fileBatches(prepared.files)) await tx.snapshotFile.createMany({ data: batch });
    if (prepared.hosts.length > 0) await tx.host.createMany({ data: prepared.hosts });
    for (const batch of chunks(prepared.chains, CHAIN_BATCH)) await bulkInsert(tx, 'IptablesChain', CHAIN_COLUMNS, batch);
    for (const batch of ruleBatches(prepared.chains)) await bulkInsert(tx, 'IptablesRule', RULE_COLUMNS, batch);
  }, WRITE_TRANSACTION_OPTIONS);
  return prepared.snapshot.id;
}
