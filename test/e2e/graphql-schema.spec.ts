import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { printGraphqlSchema } from '@hookpath/api';

const ROOT = resolve(__dirname, '..', '..', '..');
const SCHEMA_FILE = join(ROOT, 'apps', 'api', 'schema.graphql');

it('apps/api/schema.graphql is the schema the resolvers build, byte for byte', async () => {
  const built = await printGraphqlSchema();
  const committed = readFileSync(SCHEMA_FILE, 'utf8');
  if (committed === built) return;
  const want = built.split('\n');
  const have = committed.split('\n');
  const line = want.findIndex((text, i) => text !== have[i]);
  const at = line < 0 ? have.length : line;
  assert.fail(
    `apps/api/schema.graphql is out of date (first difference at line ${at + 1}: ` +
      `committed ${JSON.stringify(have[at] ?? '<end of file>')}, built ${JSON.stringify(want[at] ?? '<end of file>')}): ` +
      'run node scripts/graphql-schema.mjs',
  );
});
