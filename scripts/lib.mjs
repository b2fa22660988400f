// Shared helpers of the repository scripts (plain Node: they run before dependencies are installed).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
    process.exit(result.status ?? 1);
  }
}

/** Installs the npm dependencies when node_modules is missing or older than the lock file. */
export function ensureInstalled() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
    // `npm install` honours the lock file; `npm ci` would refuse it because the registry here lacks
    // some other platforms' optional binaries, which the lock therefore cannot list.
    console.log('• installing npm dependencies (npm install)');
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
}

/** Generates the Prisma client (libs/data-access/src/generated) from prisma/schema.prisma. */
export function generatePrismaClient() {
  // `prisma generate` only checks that a schema engine path exists; it never runs it.
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath };
  console.log('• prisma generate');
  run('npx', ['prisma', 'generate'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Generates the Prisma client and compiles every TypeScript project. */
export function build() {
  generatePrismaClient();
  console.log('• tsc -b');
  run('npx', ['tsc', '-b', 'tsconfig.json']);
  run(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')]);
}

/** Every file below `dir` whose name ends with one of `suffixes`, skipping node_modules. */
export function findFiles(dir, suffixes) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(path, suffixes));
    else if (suffixes.some((s) => entry.name.endsWith(s))) out.push(path);
  }
  return out.sort();
}
