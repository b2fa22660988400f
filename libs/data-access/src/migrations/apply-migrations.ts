import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { readMigrationFiles, type MigrationFile } from './migration-files';

/** The key `prisma migrate` locks, so this runner and `prisma migrate deploy` never overlap. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationReport {
  database: string;
  createdDatabase: boolean;
  applied: string[];
  alreadyApplied: string[];
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates the database named in `databaseUrl` when it does not exist (through the `postgres` db). */
export async function ensureDatabase(databaseUrl: string): Promise<{ database: string; created: boolean }> {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '') throw new MigrationError('', `DATABASE_URL ${databaseUrl} names no database`);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000 });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount !== null && found.rowCount > 0) return { database, created: false };
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
      return { database, created: true };
    } catch (error) {
      // Another process created it between the check and the CREATE.
      const code = (error as { code?: string }).code;
      if (code === '42P04' || code === '23505') return { database, created: false };
      throw error;
    }
  } finally {
    await admin.end();
  }
}

async function applyOne(client: Client, migration: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    const id = randomUUID();
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(migration.name, `migration ${migration.name} failed and was rolled back: ${reason}`);
  }
}

function checkApplied(migration: MigrationFile, row: AppliedRow): void {
  if (row.finished_at === null) {
    throw new MigrationError(
      migration.name,
      `migration ${migration.name} started but never finished; resolve it (prisma migrate resolve) before migrating`,
    );
  }
  if (row.checksum !== migration.checksum) {
    throw new MigrationError(
      migration.name,
      `migration ${migration.name} was modified after it was applied (checksum ${row.checksum} in the database, ` +
        `${migration.checksum} on disk); restore the original file and add a new migration instead`,
    );
  }
}

/**
 * Applies the pending migrations of `migrationsDir` to the database of `databaseUrl`, with the same
 * `_prisma_migrations` bookkeeping as `prisma migrate deploy`. Each migration runs in its own
 * transaction; the whole run holds Prisma's advisory lock. An applied migration whose file changed
 * is refused.
 */
export async function applyMigrations(databaseUrl: string, migrationsDir: string): Promise<MigrationReport> {
  const migrations = await readMigrationFiles(migrationsDir);
  const { database, created } = await ensureDatabase(databaseUrl);
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const rows = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at',
      );
      const appliedByName = new Map(rows.rows.map((r) => [r.migration_name, r]));
      const applied: string[] = [];
      const alreadyApplied: string[] = [];
      for (const migration of migrations) {
        const row = appliedByName.get(migration.name);
        if (row !== undefined) {
          checkApplied(migration, row);
          alreadyApplied.push(migration.name);
          continue;
        }
        await applyOne(client, migration);
        applied.push(migration.name);
      }
      return { database, createdDatabase: created, applied, alreadyApplied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
