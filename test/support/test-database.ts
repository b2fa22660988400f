import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { applyMigrations } from '@hookpath/data-access';
import { MIGRATIONS_DIR } from './paths';

export const POSTGRES_URL = process.env.HOOKPATH_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Every table of the schema, for row counts. */
export const TABLES = ['Snapshot', 'SnapshotFile', 'Host', 'ApiToken', 'Job', 'JobFlowResult', 'Report'] as const;
export type TableCounts = Record<(typeof TABLES)[number], number>;

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL against the test database (for assertions only). */
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  counts(): Promise<TableCounts>;
  drop(): Promise<void>;
}

function urlFor(database: string, server: string = POSTGRES_URL): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database `hookpath_e2e_<random>` with the migrations applied (unless `migrate: false`),
 * so spec files run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(options: { migrate?: boolean; server?: string } = {}): Promise<TestDatabase> {
  const server = options.server ?? POSTGRES_URL;
  const name = `hookpath_e2e_${randomBytes(6).toString('hex')}`;
  const url = urlFor(name, server);
  if (options.migrate === false) {
    await withClient(server, (c) => c.query(`CREATE DATABASE "${name}"`));
  } else {
    await applyMigrations(url, MIGRATIONS_DIR);
  }
  return {
    name,
    url,
    query: (sql, params = []) => withClient(url, async (c) => (await c.query(sql, params)).rows),
    counts: () =>
      withClient(url, async (c) => {
        const out = {} as TableCounts;
        for (const table of TABLES) {
          const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
          out[table] = Number(rows[0]?.n ?? 0);
        }
        return out;
      }),
    drop: () => withClient(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
