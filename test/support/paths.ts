import { resolve } from 'node:path';

/** Repository root, from test/dist/support/ (compiled) or test/support/ (sources). */
export const ROOT = resolve(__dirname, __dirname.includes('/dist/') ? '../../..' : '../..');
export const MIGRATIONS_DIR = resolve(ROOT, 'prisma', 'migrations');
export const EXAMPLES_DIR = resolve(ROOT, 'examples');
