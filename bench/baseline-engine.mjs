// The engine as it was at an earlier commit, built beside the current one, so a benchmark can compare
// both in the same run on the same machine (a figure from another day or another load is no reference).
//
//   const baseline = buildBaseline('42dee91');   // { engine, parseSnapshot, readSnapshotDirectory } or { unavailable }
//
// The commit's libs/model, parsers, snapshot-io and engine are extracted with `git archive` into
// tmp/bench-baseline-<commit>/ (ignored by git, kept between runs), their specs left out, and compiled
// with the repository's TypeScript. Their own node_modules/@hookpath links point at each other, so the
// old engine reads the old model; third-party packages resolve from the repository's node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const LIBS = ['model', 'parsers', 'snapshot-io', 'engine'];

function removeSpecs(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) removeSpecs(path);
    else if (entry.endsWith('.spec.ts')) unlinkSync(path);
  }
}

/** Builds (once) and loads the engine of `commit`; `{ unavailable: why }` when git or the commit is missing. */
export function buildBaseline(commit) {
  const resolved = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${commit}^{commit}`], { cwd: ROOT, encoding: 'utf8' });
  if (resolved.error !== undefined) return { unavailable: 'git is not installed' };
  if (resolved.status !== 0) return { unavailable: `commit ${commit} is not in this clone (a shallow clone or a source archive)` };
  const dir = join(ROOT, 'tmp', `bench-baseline-${resolved.stdout.trim().slice(0, 12)}`);
  const entry = join(dir, 'libs', 'engine', 'dist', 'index.js');
  if (!existsSync(entry)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const paths = ['tsconfig.base.json', ...LIBS.map((l) => `libs/${l}`)];
    const archive = spawnSync('git', ['archive', '--format=tar', commit, ...paths], { cwd: ROOT, maxBuffer: 1 << 28 });
    if (archive.status !== 0) return { unavailable: `git archive ${commit} failed: ${archive.stderr.toString()}` };
    const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
    if (untar.status !== 0) return { unavailable: `tar failed: ${untar.stderr.toString()}` };
    mkdirSync(join(dir, 'node_modules', '@hookpath'), { recursive: true });
    for (const lib of LIBS) {
      removeSpecs(join(dir, 'libs', lib, 'src'));
      symlinkSync(join('..', '..', 'libs', lib), join(dir, 'node_modules', '@hookpath', lib));
    }
    const tsc = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', join(dir, 'libs', 'snapshot-io'), join(dir, 'libs', 'engine')],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    if (tsc.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return { unavailable: `the engine of ${commit} does not compile here: ${tsc.stdout.slice(0, 400)}` };
    }
  }
  return {
    commit,
    engine: require(entry),
    parseSnapshot: require(join(dir, 'libs', 'parsers', 'dist', 'index.js')).parseSnapshot,
    readSnapshotDirectory: require(join(dir, 'libs', 'snapshot-io', 'dist', 'index.js')).readSnapshotDirectory,
  };
}
