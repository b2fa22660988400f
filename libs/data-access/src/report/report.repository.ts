import type { Prisma } from '../generated/prisma/client';
import { decodeCursor, encodeCursor, InvalidCursorError, pageSize, type Page } from '../cursor';
import { fromJson, toJson } from '../json';
import type { PrismaService } from '../prisma.service';

export type ReportKindRecord = 'trace' | 'batch' | 'diff';

/** A report without its document (listing, revoking). The token is never stored, only its hash. */
export interface ReportRecord {
  id: string;
  jobId: string;
  kind: ReportKindRecord;
  title: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface CreateReportInput {
  /** Defaults to a new uuid (the caller sets it when the document names its own id). */
  id?: string;
  /** sha256 hex of the link's token. */
  tokenHash: string;
  jobId: string;
  kind: ReportKindRecord;
  title: string;
  /** The hookpath.report/v1 document, frozen. */
  document: object;
  /** The name of the API token that made it. */
  createdBy: string;
  expiresAt: Date;
  /** Defaults to the database's now(). */
  createdAt?: Date;
}

const WITHOUT_DOCUMENT = { document: true, tokenHash: true } as const;
type ReportRow = Prisma.ReportGetPayload<{ omit: typeof WITHOUT_DOCUMENT }>;

function toRecord(row: ReportRow): ReportRecord {
  return {
    id: row.id,
    jobId: row.jobId,
    kind: row.kind,
    title: row.title,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}

/** Shared reports: created once, read by the hash of their link's token while live, revoked by id. */
export class ReportRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(input: CreateReportInput): Promise<ReportRecord> {
    const row = await this.prisma.client.report.create({
      omit: WITHOUT_DOCUMENT,
      data: {
        ...(input.id === undefined ? {} : { id: input.id }),
        tokenHash: input.tokenHash,
        jobId: input.jobId,
        kind: input.kind,
        title: input.title,
        document: toJson(input.document),
        createdBy: input.createdBy,
        expiresAt: input.expiresAt,
        ...(input.createdAt === undefined ? {} : { createdAt: input.createdAt }),
      },
    });
    return toRecord(row);
  }

  async get(id: string): Promise<ReportRecord | null> {
    const row = await this.prisma.client.report.findUnique({ where: { id }, omit: WITHOUT_DOCUMENT });
    return row === null ? null : toRecord(row);
  }

  /**
   * The document a link's token opens: null when no report has that token, it has expired, or it
   * was revoked (one answer for all three, so a link tells nothing about reports it does not open).
   */
  async findLive(tokenHash: string, now: Date = new Date()): Promise<{ report: ReportRecord; document: unknown } | null> {
    const row = await this.prisma.client.report.findFirst({
      where: { tokenHash, revokedAt: null, expiresAt: { gt: now } },
      omit: { tokenHash: true },
    });
    if (row === null) return null;
    const { document, ...rest } = row;
    return { report: toRecord(rest), document: fromJson<unknown>(document) };
  }

  /** Revokes the report (its link stops working); revoking again keeps the first time. Null when there is no such report. */
  async revoke(id: string, at: Date = new Date()): Promise<ReportRecord | null> {
    await this.prisma.client.report.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return this.get(id);
  }

  /** Newest first. */
  async list(input: { first?: number | null; after?: string | null }): Promise<Page<ReportRecord>> {
    const take = pageSize(input.first);
    let where: Prisma.ReportWhereInput = {};
    if (input.after) {
      const [at, id] = decodeCursor('report', input.after, 2) as [string, string];
      const createdAt = new Date(at);
      if (Number.isNaN(createdAt.getTime())) throw new InvalidCursorError(input.after);
      where = { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
    }
    const rows = await this.prisma.client.report.findMany({
      where,
      omit: WITHOUT_DOCUMENT,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: take + 1,
    });
    const items = rows.slice(0, take).map(toRecord);
    const last = items.at(-1);
    return { items, endCursor: last === undefined ? null : reportCursor(last), hasNextPage: rows.length > take };
  }
}

/** The cursor of one report in the list (what `list` accepts as `after`). */
export function reportCursor(report: Pick<ReportRecord, 'createdAt' | 'id'>): string {
  return encodeCursor('report', [report.createdAt.toISOString(), report.id]);
}
