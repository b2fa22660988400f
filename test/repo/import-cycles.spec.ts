import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { cycles, loopThrough, relativeImports, sourceFiles } from '../support/import-graph';
import { ROOT } from '../support/paths';

/**
 * No import cycles inside a project: every file of libs/<name>/src and apps/<name>/src is read with
 * the TypeScript compiler, its relative imports and re-exports that load code at run time are
 * resolved (`import type` and type-only names are erased, so they do not count), and the graph of
 * each project must have no strongly connected component. Cycles between projects are
 * @nx/enforce-module-boundaries' (npm run lint); the order of the engine's folders is
 * engine-layers.spec.ts'.
 */
const projects = ['libs', 'apps'].flatMap((group) =>
  readdirSync(join(ROOT, group))
    .filter((name) => existsSync(join(ROOT, group, name, 'src')))
    .map((name) => `${group}/${name}`),
);

describe('no import cycles inside a project', () => {
  it('finds the projects', () => {
    assert.ok(projects.includes('libs/engine'), projects.join(', '));
  });

  it('sees a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    assert.deepEqual(cycles(graph), [['a', 'b', 'c']]);
    assert.deepEqual(loopThrough(graph, ['a', 'b', 'c']), ['a', 'b', 'c', 'a']);
  });

  for (const project of projects) {
    it(project, () => {
      const src = join(ROOT, project, 'src');
      const graph = new Map(sourceFiles(src).map((file) => [file, relativeImports(file)]));
      const found = cycles(graph).map((component) =>
        loopThrough(graph, component)
          .map((file) => relative(src, file))
          .join(' -> '),
      );
      assert.deepEqual(found, [], `import cycles in ${project}/src:\n  ${found.join('\n  ')}`);
    });
  }
});
