import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';

/** The worker's Node flags (README, Configuration), in this order: every launcher starts the worker with them. */
const FLAGS = /--max-semi-space-size=64['"]?,? ['"]?--heap-growing-percent=40/;

/** Files in the repository that start the worker: they name its entry point, as a path or joined. */
function launchers(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  return listed
    .split('\0')
    .filter(
      (path) =>
        /\.(ts|mjs|js|ya?ml)$|(^|\/)Dockerfile$/.test(path) && !path.includes('/dist/') && path !== 'test/repo/worker-launchers.spec.ts',
    )
    .filter((path) => {
      const text = readFileSync(join(ROOT, path), 'utf8');
      return text.includes('apps/worker/dist/main.js') || text.includes("'worker', 'dist', 'main.js'");
    });
}

describe('the worker is started with its Node flags', () => {
  it('by npm start, docker-compose, the tests and the benches alike', () => {
    const found = launchers();
    for (const expected of ['scripts/start.mjs', 'docker-compose.yml', 'test/support/worker-process.ts', 'bench/bench-service.mjs'])
      assert.ok(found.includes(expected), `${expected} starts the worker`);
    const entry = /apps\/worker\/dist\/main\.js|'worker', 'dist', 'main\.js'/g;
    const without = found.filter((path) => {
      const text = readFileSync(join(ROOT, path), 'utf8');
      // each mention that starts it has the flags just before it; a compose health check only reads the command line
      return [...text.matchAll(entry)].some((m) => {
        const before = text.slice(Math.max(0, m.index - 160), m.index);
        return !FLAGS.test(before) && !before.includes('cmdline');
      });
    });
    assert.deepEqual(without, []);
  });
});
