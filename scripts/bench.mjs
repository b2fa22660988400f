// `npm run bench`: build, then run every benchmark in bench/ (each prints its own table and verdict).
import { join } from 'node:path';
import { build, ensureInstalled, findFiles, ROOT, run } from './lib.mjs';

ensureInstalled();
build();
const only = process.argv.slice(2);
for (const file of findFiles(join(ROOT, 'bench'), ['.bench.mjs'])) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  console.log(`\n=== ${file.slice(ROOT.length + 1)}`);
  run(process.execPath, ['--expose-gc', file]);
}
