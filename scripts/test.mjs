// `npm test`: install if needed, build, then run every compiled spec with node's test runner.
// Specs that need Postgres and Redis (test/e2e) create their own database, so files run in parallel.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { build, ensureInstalled, findFiles, ROOT, run } from './lib.mjs';
import { ensureServices } from './services.mjs';

ensureInstalled();
build();
await ensureServices();
const only = process.argv.slice(2);
if (only.length === 0) {
  console.log('• eslint (strict TypeScript rules and Nx module boundaries), prettier --check');
  run('npx', ['eslint', '--max-warnings', '0', '.']);
  run('npx', ['prettier', '--check', '--log-level', 'warn', '.']);
}
const specs = [
  ...findFiles(join(ROOT, 'libs'), ['.spec.js']).filter((f) => f.includes('/dist/')),
  ...findFiles(join(ROOT, 'apps'), ['.spec.js']).filter((f) => f.includes('/dist/')),
  ...findFiles(join(ROOT, 'test', 'dist'), ['.spec.js']),
].filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
if (specs.length === 0) {
  console.error('no spec files found');
  process.exit(1);
}
console.log(`• node --test (${specs.length} files)`);
run(process.execPath, ['--test', `--test-concurrency=${Math.max(2, availableParallelism())}`, ...specs]);
