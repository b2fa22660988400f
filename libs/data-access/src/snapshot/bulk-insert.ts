import { Prisma } from '../generated/prisma/client';

type SqlType = 'text' | 'int' | 'bigint' | 'boolean' | 'jsonb';

/** One column of a bulk insert: its quoted name, SQL type and how to read it from a row. */
export interface BulkColumn<Row> {
  name: string;
  type: SqlType;
  /** A jsonb column's value is the value itself (an object, an array), not its JSON text. */
  value: (row: Row) => unknown;
}

/** What `$executeRaw` needs from a (transaction) client. */
export interface RawExecutor {
  $executeRaw(query: Prisma.Sql): Prisma.PrismaPromise<number>;
}

/** A `\uD800`-`\uDFFF` escape JSON.stringify wrote for a lone surrogate (Postgres refuses them), after an even run of backslashes. */
const LONE_SURROGATE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g;

/**
 * `INSERT INTO "<table>" (...) SELECT ... FROM json_to_recordset($1::json)`: the rows as one JSON
 * text parameter, whatever their number. Measured on a 100k-rule kube-proxy ruleset: Prisma's
 * createMany (which binds and walks every value of every row on the client) took ~50 s; one array
 * parameter per column (`unnest`, which the client still escapes element by element, and every
 * jsonb value as its own JSON text) ~6 s; this leaves the rows to V8's JSON.stringify and Postgres's
 * JSON parser, and a jsonb value is nested in the row as it is. A null value stays SQL NULL.
 */
export async function bulkInsert<Row>(
  tx: RawExecutor,
  table: string,
  columns: readonly BulkColumn<Row>[],
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Prisma.raw(columns.map((c) => `"${c.name}"`).join(', '));
  const record = Prisma.raw(columns.map((c) => `"${c.name}" ${c.type}`).join(', '));
  let json = JSON.stringify(
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const c of columns) out[c.name] = c.value(row);
      return out;
    }),
  );
  // a lone surrogate cannot be stored as UTF-8 text: it is stored as U+FFFD, as the driver encodes it in a text parameter
  if (json.includes('\\u')) json = json.replace(LONE_SURROGATE_ESCAPE, '$1\\ufffd');
  await tx.$executeRaw(
    Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${names}) SELECT ${names} FROM json_to_recordset(${json}::json) AS r(${record})`,
  );
}

const INT64_MAX = 9223372036854775807n;

/**
 * A counter as Postgres `bigint` text. The kernel's counters are unsigned 64-bit; the rare one past
 * bigint's 2^63-1 is stored as 2^63-1 rather than failing the whole snapshot.
 */
export function bigintText(value: number | undefined): string | null {
  if (value === undefined) return null;
  const big = BigInt(Math.trunc(value));
  return (big > INT64_MAX ? INT64_MAX : big).toString();
}
