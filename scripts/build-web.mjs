// Builds the portal (apps/web): typed GraphQL documents from the committed schema, a type check, then Vite.
import { join } from 'node:path';
import { ROOT, run } from './lib.mjs';

const web = join(ROOT, 'apps', 'web');
console.log('• portal: graphql-codegen, tsc, vite build');
run('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { cwd: web });
run('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: web });
run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: web });
