// Writes apps/api/schema.graphql: the sorted SDL of the GraphQL API, built from the compiled
// resolvers (run `npm run build` or `npx tsc -b apps/api` first). `--check` exits 1 when the
// committed file differs instead of writing it.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

const SCHEMA_FILE = join(ROOT, 'apps', 'api', 'schema.graphql');
const BUILT = join(ROOT, 'apps', 'api', 'dist', 'graphql', 'index.js');

if (!existsSync(BUILT)) {
  console.error(`${BUILT} is missing: build first (npx tsc -b apps/api)`);
  process.exit(1);
}
const { printGraphqlSchema } = createRequire(import.meta.url)(BUILT);
const sdl = await printGraphqlSchema();
const current = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : null;

if (process.argv.includes('--check')) {
  if (current !== sdl) {
    console.error('apps/api/schema.graphql is out of date: run node scripts/graphql-schema.mjs');
    process.exit(1);
  }
  console.log('apps/api/schema.graphql is up to date');
} else if (current === sdl) {
  console.log('apps/api/schema.graphql is up to date');
} else {
  writeFileSync(SCHEMA_FILE, sdl);
  console.log(`wrote apps/api/schema.graphql (${sdl.split('\n').length - 1} lines)`);
}
