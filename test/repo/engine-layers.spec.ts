import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { cycles, loopThrough, relativeImports, sourceFiles } from '../support/import-graph';
import { ROOT } from '../support/paths';

/**
 * The engine reads top-down, packet in, trace out: libs/engine/layers.json lists the folders of
 * libs/engine/src from the bottom up, one line each saying what it holds, and a file may import
 * (at run time or for types only, `import type` included) its own folder and the folders listed
 * below it, never one above. Where a lower folder needs something of a higher one, the higher one
 * passes it in (a `Decide` in the options, the `Onward` the Linux pipeline lends IPVS). Specs and
 * testing/ helpers may import anything. npm run lint checks the same order with no-restricted-imports
 * (eslint.config.mjs reads the same file).
 */
interface Layer {
  folder: string;
  holds: string;
}

const SRC = join(ROOT, 'libs', 'engine', 'src');
const LAYERS: Layer[] = JSON.parse(readFileSync(join(ROOT, 'libs', 'engine', 'layers.json'), 'utf8')) as Layer[];
const RANK = new Map(LAYERS.map((layer, i) => [layer.folder, i]));

/** `walk` for libs/engine/src/walk/walk.ts, `.` for a file at the top (simulate.ts, index.ts). */
const folderOf = (file: string): string => {
  const parts = relative(SRC, file).split(sep);
  return parts.length === 1 ? '.' : parts[0]!;
};

const isProduction = (file: string): boolean => !file.endsWith('.spec.ts') && !relative(SRC, file).split(sep).includes('testing');

/** The imports that go to a folder at or above the importer's, as `from -> to (folder -> folder)`. */
function upward(imports: readonly (readonly [string, string])[], rank: (folder: string) => number): string[] {
  return imports
    .filter(([from, to]) => folderOf(from) !== folderOf(to) && rank(folderOf(to)) >= rank(folderOf(from)))
    .map(([from, to]) => `${relative(SRC, from)} -> ${relative(SRC, to)} (${folderOf(from)} -> ${folderOf(to)})`);
}

const files = sourceFiles(SRC).filter(isProduction);
const imports = files.flatMap((file) => relativeImports(file, true).map((to) => [file, to] as const));

describe('the engine folders import only the folders below them', () => {
  it('declares each folder once, with what it holds', () => {
    const folders = [
      '.',
      ...readdirSync(SRC, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name),
    ].sort();
    assert.deepEqual([...RANK.keys()].sort(), folders, 'libs/engine/layers.json lists every folder of libs/engine/src, and only those');
    assert.equal(RANK.size, LAYERS.length, 'a folder is listed once');
    for (const layer of LAYERS) assert.ok(layer.holds.length > 0, `${layer.folder}: say what it holds`);
    assert.equal(LAYERS.at(-1)!.folder, '.', 'simulate.ts and index.ts are the top');
  });

  it('sees an import that goes up', () => {
    const rank = (folder: string): number => ['trace', 'walk', 'pipeline'].indexOf(folder);
    const at = (path: string): string => join(SRC, path);
    const found = upward(
      [
        [at('pipeline/run.ts'), at('walk/walk.ts')],
        [at('walk/walk.ts'), at('trace/trace.ts')],
        [at('walk/walk.ts'), at('walk/position.ts')],
        [at('walk/position.ts'), at('pipeline/run.ts')],
      ],
      rank,
    );
    assert.deepEqual(found, ['walk/position.ts -> pipeline/run.ts (walk -> pipeline)']);
  });

  it('has no import, runtime or type, from a folder to one at or above it', () => {
    assert.ok(files.length > 100 && imports.length > files.length, `${files.length} files, ${imports.length} imports`);
    const found = upward(imports, (folder) => RANK.get(folder) ?? -1);
    assert.deepEqual(found, [], `imports against the order of libs/engine/layers.json:\n  ${found.join('\n  ')}`);
  });

  it('has no cycle between folders', () => {
    const graph = new Map<string, string[]>();
    for (const [from, to] of imports) {
      const [a, b] = [folderOf(from), folderOf(to)];
      if (a === b) continue;
      const next = graph.get(a) ?? [];
      if (!next.includes(b)) next.push(b);
      graph.set(a, next);
      if (!graph.has(b)) graph.set(b, []);
    }
    const found = cycles(graph).map((component) => loopThrough(graph, component).join(' -> '));
    assert.deepEqual(found, [], `folder cycles in libs/engine/src:\n  ${found.join('\n  ')}`);
  });
});
