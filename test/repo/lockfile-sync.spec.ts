import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';

/**
 * `npm ci` (the Dockerfile's install) refuses a lock file whose record of a workspace's package.json
 * differs from the file: every dependency list of the root and of each workspace must be the one
 * package-lock.json holds for it, and every workspace must be linked under node_modules.
 */
interface LockEntry {
  name?: string;
  link?: boolean;
  resolved?: string;
  [field: string]: unknown;
}
type Deps = Record<string, string>;

const FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
const json = <T>(path: string): T => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;
const sorted = (deps: unknown): Deps => Object.fromEntries(Object.entries((deps ?? {}) as Deps).sort(([a], [b]) => a.localeCompare(b)));

describe('package-lock.json agrees with every package.json (npm ci)', () => {
  const lock = json<{ packages: Record<string, LockEntry> }>('package-lock.json');
  const root = json<{ workspaces: string[] } & Record<string, unknown>>('package.json');
  const workspaces = Object.keys(lock.packages).filter((path) => path !== '' && !path.includes('node_modules'));

  it('the lock records the root and the workspaces the root declares', () => {
    const declared = root.workspaces.flatMap((pattern) =>
      pattern.endsWith('/*') ? workspaces.filter((w) => w.startsWith(pattern.slice(0, -1))) : [pattern],
    );
    assert.deepEqual([...workspaces].sort(), [...new Set(declared)].sort());
  });

  for (const path of ['', ...Object.keys(lock.packages).filter((p) => p !== '' && !p.includes('node_modules'))]) {
    it(`${path === '' ? 'the root' : path}: the same dependencies, and linked`, () => {
      const manifest = json<Record<string, unknown>>(join(path, 'package.json'));
      const entry = lock.packages[path] ?? {};
      for (const field of FIELDS) assert.deepEqual(sorted(entry[field]), sorted(manifest[field]), `${path || 'root'} ${field}`);
      if (path !== '') {
        const link = lock.packages[`node_modules/${String(manifest.name)}`];
        assert.deepEqual(
          { link: link?.link, resolved: link?.resolved },
          { link: true, resolved: path },
          `${String(manifest.name)} is linked to ${path}`,
        );
      }
    });
  }
});
