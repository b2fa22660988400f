import type { PackedSnapshotFile } from '@hookpath/model';
import type { PrismaService } from '../prisma.service';
import { Prisma } from '../generated/prisma/client';
import { decodeCursor, encodeCursor, InvalidCursorError, pageSize, type Page } from '../cursor';
import { isUniqueViolation } from '../database-errors';
import { toSnapshotRecord } from './row-mappers';
import { hostsBySnapshotIds } from './snapshot-batch-readers';
import type { HostRecord, SnapshotFileRecord, SnapshotRecord } from './snapshot-records';
import { writeSnapshot, type CreateSnapshotInput } from './snapshot-writer';

/** Files per query of loadFiles: bounds the compressed bytes one query returns. */
const FILES_PER_READ = 16;

const WITH_HOST_NAMES = {
  hosts: { select: { name: true }, orderBy: { ordinal: 'asc' } },
} as const satisfies Prisma.SnapshotInclude;

/** The OVN database and the k8s objects are read with the model only, never with a summary. */
const WITHOUT_MODEL_JSON = { ovn: true, kube: true } as const satisfies Prisma.SnapshotOmit;

const SUMMARY = { include: WITH_HOST_NAMES, omit: WITHOUT_MODEL_JSON } as const;

type SnapshotWithHostNames = Prisma.SnapshotGetPayload<typeof SUMMARY>;

function toRecord(row: SnapshotWithHostNames): SnapshotRecord {
  const { hosts, ...snapshot } = row;
  return toSnapshotRecord(
    snapshot,
    hosts.map((h) => h.name),
  );
}

export interface CreateSnapshotResult {
  snapshot: SnapshotRecord;
  /** False when a snapshot with the same content hash already existed (it is returned instead). */
  created: boolean;
}

export interface ListSnapshotsInput {
  first?: number | null;
  after?: string | null;
  /** Only snapshots whose name, cluster or description contains this text (case-insensitive); blank: all. */
  search?: string | null;
}

/** What a snapshot captured besides its hosts. */
export interface SnapshotCaptured {
  /** The OVN northbound database (ovn/). */
  ovn: boolean;
  /** Kubernetes objects (k8s/). */
  k8s: boolean;
}

/** Prisma's `contains` is a LIKE pattern: `%`, `_` and the escape `\` in the text are taken literally. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function searchFilter(search: string | null | undefined): Prisma.SnapshotWhereInput | null {
  const text = search?.trim() ?? '';
  if (text === '') return null;
  const contains = { contains: likeLiteral(text), mode: 'insensitive' } as const;
  return { OR: [{ name: contains }, { cluster: contains }, { description: contains }] };
}

function encodeSnapshotCursor(row: { createdAt: Date; id: string }): string {
  return encodeCursor('snapshot', [row.createdAt.toISOString(), row.id]);
}

function decodeSnapshotCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = decodeCursor('snapshot', cursor, 2) as [string, string];
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime())) throw new InvalidCursorError(cursor);
  return { createdAt, id };
}

/** Snapshots and everything in them. The only way the rest of hookpath reads or writes them. */
export class SnapshotRepository {
  constructor(private readonly prisma: PrismaService) {}

  private get client() {
    return this.prisma.client;
  }

  async findByContentHash(contentHash: string): Promise<SnapshotRecord | null> {
    const row = await this.client.snapshot.findUnique({ where: { contentHash }, ...SUMMARY });
    return row === null ? null : toRecord(row);
  }

  /**
   * Stores a parsed snapshot in one transaction. A concurrent upload of the same content loses the
   * race on the content hash's unique index; it then gets the snapshot that won.
   */
  async create(input: CreateSnapshotInput): Promise<CreateSnapshotResult> {
    try {
      const id = await writeSnapshot(this.client, input);
      const snapshot = await this.get(id);
      if (snapshot === null) throw new Error(`snapshot ${id} vanished right after it was stored`);
      return { snapshot, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.findByContentHash(input.contentHash);
      if (existing === null) throw error;
      return { snapshot: existing, created: false };
    }
  }

  /**
   * Newest first; ties on createdAt broken by id, so pages never skip or repeat a snapshot. With
   * `search`, the cursor of a filtered page continues the same filter.
   */
  async list(input: ListSnapshotsInput = {}): Promise<Page<SnapshotRecord>> {
    const size = pageSize(input.first);
    const after = input.after === undefined || input.after === null ? null : decodeSnapshotCursor(input.after);
    const where: Prisma.SnapshotWhereInput[] = [];
    if (after !== null) {
      where.push({ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] });
    }
    const search = searchFilter(input.search);
    if (search !== null) where.push(search);
    const rows = await this.client.snapshot.findMany({
      where: { AND: where },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: size + 1,
      ...SUMMARY,
    });
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    return {
      items: items.map(toRecord),
      endCursor: last === undefined ? null : encodeSnapshotCursor(last),
      hasNextPage: rows.length > size,
    };
  }

  async get(id: string): Promise<SnapshotRecord | null> {
    const row = await this.client.snapshot.findUnique({ where: { id }, ...SUMMARY });
    return row === null ? null : toRecord(row);
  }

  /** The files of a snapshot by path; null when the snapshot does not exist. */
  async listFiles(id: string): Promise<SnapshotFileRecord[] | null> {
    const row = await this.client.snapshot.findUnique({
      where: { id },
      select: { files: { select: { path: true, size: true, sha256: true }, orderBy: { path: 'asc' } } },
    });
    return row === null ? null : row.files;
  }

  /** One file as stored (snapshot-io's unpackFile reads it); null when the snapshot or the file does not exist. */
  async getFile(id: string, path: string): Promise<PackedSnapshotFile | null> {
    const row = await this.client.snapshotFile.findUnique({ where: { snapshotId_path: { snapshotId: id, path } } });
    return row === null ? null : { path: row.path, size: row.size, sha256: row.sha256, gzipped: row.content };
  }

  /**
   * Every file of the snapshot as stored (snapshot-io's unpackFile reads them), in path order, read
   * a few at a time so that one query's rows stay small; null when the snapshot does not exist.
   */
  async loadFiles(id: string): Promise<PackedSnapshotFile[] | null> {
    const list = await this.listFiles(id);
    if (list === null) return null;
    const files: PackedSnapshotFile[] = [];
    for (let i = 0; i < list.length; i += FILES_PER_READ) {
      const paths = list.slice(i, i + FILES_PER_READ).map((f) => f.path);
      const rows = await this.client.snapshotFile.findMany({
        where: { snapshotId: id, path: { in: paths } },
        select: { path: true, size: true, sha256: true, content: true },
        orderBy: { path: 'asc' },
      });
      for (const row of rows) files.push({ path: row.path, size: row.size, sha256: row.sha256, gzipped: row.content });
    }
    return files;
  }

  /** Deletes the snapshot and everything in it; false when it did not exist. */
  async delete(id: string): Promise<boolean> {
    const { count } = await this.client.snapshot.deleteMany({ where: { id } });
    return count > 0;
  }

  /** What each snapshot captured besides its hosts (an unknown id: nothing); one query for every id. */
  async capturedBySnapshotIds(ids: readonly string[]): Promise<SnapshotCaptured[]> {
    const unique = [...new Set(ids)];
    const rows =
      unique.length === 0
        ? []
        : await this.client.$queryRaw<{ id: string; ovn: boolean; k8s: boolean }[]>(
            Prisma.sql`SELECT "id", "ovn" IS NOT NULL AS "ovn", "kube" IS NOT NULL AS "k8s" FROM "Snapshot" WHERE "id" IN (${Prisma.join(unique)})`,
          );
    const byId = new Map(rows.map((row) => [row.id, { ovn: row.ovn, k8s: row.k8s }]));
    return ids.map((id) => byId.get(id) ?? { ovn: false, k8s: false });
  }

  hostsBySnapshotIds(ids: readonly string[]): Promise<HostRecord[][]> {
    return hostsBySnapshotIds(this.client, ids);
  }
}
