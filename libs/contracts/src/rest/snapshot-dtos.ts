import { z } from 'zod';
import type { ParseIssue } from '@hookpath/model';

/** `POST /api/v1/snapshots` with `Content-Type: application/json`. */
export const jsonSnapshotUploadSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  files: z.record(z.string(), z.string()),
});

export type JsonSnapshotUpload = z.infer<typeof jsonSnapshotUploadSchema>;

/** Text fields accepted next to the `file` part of a multipart upload. */
export const multipartSnapshotFieldsSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
});

/** `GET /api/v1/snapshots` query; `first` above the cap is lowered to it. */
export const listSnapshotsQuerySchema = z.object({
  first: z.coerce.number().int().min(1).optional(),
  after: z.string().min(1).optional(),
});

export type ListSnapshotsQuery = z.infer<typeof listSnapshotsQuerySchema>;

/** Response of an upload: 201 when stored, 200 with `existing: true` when the content was already there. */
export interface SnapshotCreatedDto {
  id: string;
  name: string;
  contentHash: string;
  fileCount: number;
  hosts: string[];
  warnings: ParseIssue[];
  createdAt: string;
  existing: boolean;
}

export interface SnapshotSummaryDto {
  id: string;
  name: string;
  cluster: string | null;
  capturedAt: string | null;
  description: string | null;
  contentHash: string;
  fileCount: number;
  totalBytes: number;
  hosts: string[];
  warningCount: number;
  createdAt: string;
}

export interface PageInfoDto {
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface SnapshotListDto {
  items: SnapshotSummaryDto[];
  pageInfo: PageInfoDto;
}

export interface SnapshotHostDto {
  name: string;
  role: string | null;
  node: string | null;
  /** Snapshot paths this host was read from. */
  files: string[];
}

export interface SnapshotFileDto {
  path: string;
  size: number;
  sha256: string;
}

export interface SnapshotDetailDto extends Omit<SnapshotSummaryDto, 'hosts'> {
  hosts: SnapshotHostDto[];
  files: SnapshotFileDto[];
  warnings: ParseIssue[];
  /** Files kept raw (ovn/, k8s/). */
  rawOnly: string[];
}

export interface HealthDependencyDto {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface HealthDto {
  status: 'ok' | 'unavailable';
  postgres: HealthDependencyDto;
  redis: HealthDependencyDto;
}
