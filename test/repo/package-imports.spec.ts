import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { sourceFiles, typeOnlyExport, typeOnlyImport } from '../support/import-graph';
import { ROOT } from '../support/paths';

/**
 * Every project declares what it imports, and everyone imports a package through what it exports:
 * - a file of libs/<name>/src or apps/<name>/src that loads a package at run time finds it in the
 *   project's dependencies; a spec or test helper (`*.spec.ts`, `*.testing.ts`, `testing/`) and a
 *   type-only import may find it in devDependencies instead;
 * - a `@hookpath/<name>/<subpath>` import names a subpath of that package's `exports` map, which its
 *   `typesVersions` gives TypeScript too ("moduleResolution": "node" reads no `exports`);
 * - nothing imports the `dist/` folder of a package of this repository.
 */
interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
  typesVersions?: Record<string, Record<string, string[]>>;
}

interface PackageImport {
  file: string;
  specifier: string;
  typeOnly: boolean;
}

const TEST_FILE = /(\.spec\.tsx?|\.testing\.ts)$|\/testing\//;
const BUILTINS = new Set(builtinModules);

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;

/** The bare (package) specifiers a file imports, re-exports, requires or imports dynamically. */
function packageImports(file: string): PackageImport[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: PackageImport[] = [];
  const add = (specifier: ts.Node | undefined, typeOnly: boolean): void => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return;
    const text = specifier.text;
    if (text.startsWith('.') || text.startsWith('/') || text.startsWith('node:')) return;
    found.push({ file, specifier: text, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, typeOnlyImport(node.importClause));
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, typeOnlyExport(node));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, true);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require'))
        add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const subpathOf = (specifier: string): string => specifier.slice(packageName(specifier).length);

const projects = ['libs', 'apps'].flatMap((group) =>
  readdirSync(join(ROOT, group))
    .filter((name) => existsSync(join(ROOT, group, name, 'src')) && existsSync(join(ROOT, group, name, 'package.json')))
    .map((name) => `${group}/${name}`),
);
const workspaces = new Map(projects.map((dir) => [manifest(dir).name, { dir, manifest: manifest(dir) }]));

/** Every test file: test/ (not its build) and the specs and helpers of each project. */
function testFiles(): string[] {
  const test = readdirSync(join(ROOT, 'test'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'dist' && e.name !== 'fixtures')
    .flatMap((e) => sourceFiles(join(ROOT, 'test', e.name)));
  return [...test, ...projects.flatMap((dir) => sourceFiles(join(ROOT, dir, 'src')).filter((f) => TEST_FILE.test(f)))];
}

/** What a `@hookpath/<name>/<subpath>` import must find: the subpath in `exports` and in `typesVersions`. */
function subpathProblem(specifier: string): string | null {
  const subpath = subpathOf(specifier);
  if (subpath === '') return null;
  const target = workspaces.get(packageName(specifier));
  if (target === undefined) return null;
  const exported = Object.keys(target.manifest.exports ?? {}).includes(`.${subpath}`);
  const typed = Object.values(target.manifest.typesVersions ?? {}).some((paths) => Object.keys(paths).includes(subpath.slice(1)));
  if (exported && typed) return null;
  return `${specifier}: ${target.dir}/package.json ${exported ? 'has no typesVersions entry' : 'does not export'} ".${subpath}"`;
}

describe('projects declare what they import and import packages through their exports', () => {
  it('finds the projects', () => {
    assert.ok(workspaces.has('@hookpath/engine') && workspaces.has('@hookpath/api'), [...workspaces.keys()].join(', '));
  });

  for (const dir of projects) {
    it(`${dir}: every imported package is declared`, () => {
      const pkg = manifest(dir);
      const runtime = new Set(Object.keys(pkg.dependencies ?? {}));
      const all = new Set([...runtime, ...Object.keys(pkg.devDependencies ?? {})]);
      const problems = sourceFiles(join(ROOT, dir, 'src'))
        .flatMap(packageImports)
        .flatMap(({ file, specifier, typeOnly }) => {
          const name = packageName(specifier);
          if (BUILTINS.has(name) || name === pkg.name) return [];
          const test = TEST_FILE.test(file);
          if (runtime.has(name) || ((test || typeOnly) && all.has(name))) return [];
          const where = relative(ROOT, file);
          return all.has(name)
            ? [`${where}: ${name} is loaded at run time but is only in devDependencies`]
            : [`${where}: ${name} is not in ${dir}/package.json`];
        });
      assert.deepEqual([...new Set(problems)], []);
    });
  }

  it('a package is imported through its exports, never its dist/ folder', () => {
    const files = [...new Set([...projects.flatMap((dir) => sourceFiles(join(ROOT, dir, 'src'))), ...testFiles()])];
    const problems = files.flatMap(packageImports).flatMap(({ file, specifier }) => {
      const where = relative(ROOT, file);
      if (workspaces.has(packageName(specifier)) && subpathOf(specifier).startsWith('/dist'))
        return [`${where}: ${specifier} reaches into dist/`];
      const problem = subpathProblem(specifier);
      return problem === null ? [] : [`${where}: ${problem}`];
    });
    assert.deepEqual(problems, []);
  });

  it('sees a dist/ import and a subpath no package exports', () => {
    assert.match(subpathProblem('@hookpath/engine/testing') ?? '', /does not export "\.\/testing"/);
    assert.equal(subpathProblem('@hookpath/data-access/prisma-client'), null);
    assert.equal(subpathProblem('@hookpath/engine'), null);
    assert.match(subpathProblem('@hookpath/api/dist/graphql') ?? '', /does not export/);
  });

  it('the engine ships no test helper that needs an undeclared package: its exports are "." alone', () => {
    assert.deepEqual(Object.keys(workspaces.get('@hookpath/engine')?.manifest.exports ?? {}), ['.']);
  });
});
