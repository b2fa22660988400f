export { PrismaService, DEFAULT_DATABASE_URL, withTimeout, type PrismaServiceOptions } from './prisma.service';
export { applyMigrations, ensureDatabase, MigrationError, type MigrationReport } from './migrations/apply-migrations';
export { readMigrationFiles, type MigrationFile } from './migrations/migration-files';
export { isDatabaseUnavailable, isUniqueViolation } from './database-errors';
export { InvalidCursorError, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, pageSize, encodeRuleCursor, decodeRuleCursor, type Page } from './cursor';
export {
  SnapshotRepository,
  type CreateSnapshotResult,
  type ListSnapshotsInput,
  type SnapshotCaptured,
} from './snapshot/snapshot.repository';
export type { CreateSnapshotInput } from './snapshot/snapshot-writer';
export { type HostRecord, type IptablesHeader, type SnapshotFileRecord, type SnapshotRecord } from './snapshot/snapshot-records';
export { ApiTokenRepository, type ApiTokenRecord, type ApiTokenScope, type CreateApiTokenInput } from './api-token/api-token.repository';
export {
  ReportRepository,
  reportCursor,
  type CreateReportInput,
  type ReportKindRecord,
  type ReportRecord,
} from './report/report.repository';
export { JobRepository, type CreateJobResult, type RecordFlowsResult } from './job/job.repository';
export type {
  CreateJobInput,
  FlowResultInput,
  FlowResultRecord,
  FlowTally,
  JobKindRecord,
  JobRecord,
  JobStatusRecord,
} from './job/job-records';
export { SnapshotModelCache, DEFAULT_MODEL_CACHE_CAPACITY, type SnapshotModelLoader } from './snapshot/snapshot-model-cache';
