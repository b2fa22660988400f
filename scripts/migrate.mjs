// `npm run db:migrate` (and `npm start` before the API starts): creates the database named in
// DATABASE_URL when missing and applies prisma/migrations with Prisma's own bookkeeping.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

const require = createRequire(import.meta.url);
const dist = join(ROOT, 'libs', 'data-access', 'dist', 'index.js');
if (!existsSync(dist)) {
  console.error('✗ libs/data-access is not built: run `npm run build` first');
  process.exit(1);
}
const { applyMigrations, DEFAULT_DATABASE_URL } = require(dist);
const databaseUrl = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;

try {
  const report = await applyMigrations(databaseUrl, join(ROOT, 'prisma', 'migrations'));
  if (report.createdDatabase) console.log(`• created database ${report.database}`);
  for (const name of report.applied) console.log(`• applied migration ${name}`);
  console.log(
    `• database ${report.database} is up to date (${report.applied.length} applied, ${report.alreadyApplied.length} already applied)`,
  );
} catch (error) {
  console.error(`✗ migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
