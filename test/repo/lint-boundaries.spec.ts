import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';

/**
 * `npm run lint` enforces the Nx module boundaries on a fresh checkout too: Nx's workspace data (its
 * cached project graph) is pointed at an empty folder, as a clone has none, and a library that
 * imports what its tag forbids must be an error, not a skipped rule.
 */
function lintAs(file: string, source: string): { status: number | null; output: string } {
  const workspaceData = mkdtempSync(join(tmpdir(), 'hookpath-nx-data-'));
  try {
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0', '--stdin', '--stdin-filename', file],
      {
        cwd: ROOT,
        input: source,
        encoding: 'utf8',
        env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: workspaceData, NX_DAEMON: 'false' },
        timeout: 120_000,
      },
    );
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(workspaceData, { recursive: true, force: true });
  }
}

describe('lint on a fresh checkout (no cached Nx project graph)', () => {
  it('the engine importing the job contracts is an error of @nx/enforce-module-boundaries', () => {
    const run = lintAs(
      'libs/engine/src/index.ts',
      "import { flowSchema } from '@hookpath/contracts';\nexport const schema = flowSchema;\n",
    );
    assert.equal(run.status, 1, run.output);
    assert.match(run.output, /A project tagged with "type:engine" can only depend on libs tagged with "type:model"/);
    assert.doesNotMatch(run.output, /No cached ProjectGraph/);
  });

  it('an engine folder importing one above it in libs/engine/layers.json is an error, a type import too', () => {
    const run = lintAs('libs/engine/src/walk/protocol.ts', "import type { Place } from '../pipeline/place';\nexport type P = Place;\n");
    assert.equal(run.status, 1, run.output);
    assert.match(run.output, /walk imports only the folders listed below it/);
  });

  it('an import the tags allow passes', () => {
    const run = lintAs('libs/engine/src/index.ts', "import type { Host } from '@hookpath/model';\nexport type H = Host;\n");
    assert.equal(run.status, 0, run.output);
  });
});
