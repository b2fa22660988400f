import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import { readFileSync } from 'node:fs';
import tseslint from 'typescript-eslint';

// @nx/enforce-module-boundaries reads Nx's cached project graph and skips itself when there is none
// (a fresh checkout): compute it first, so the boundaries are enforced on every run.
await createProjectGraphAsync({ exitOnError: true });

// The engine's folders from the bottom up (libs/engine/layers.json): a file imports its own folder and
// the folders below it, never one above (test/repo/engine-layers.spec.ts checks the resolved imports).
const ENGINE_LAYERS = JSON.parse(readFileSync(new URL('libs/engine/layers.json', import.meta.url), 'utf8')).map((layer) => layer.folder);
const engineLayerRules = ENGINE_LAYERS.slice(0, -2).map((folder, i) => ({
  files: [`libs/engine/src/${folder}/**/*.ts`],
  ignores: ['libs/engine/src/**/*.spec.ts', 'libs/engine/src/**/testing/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(\\.\\./)+(${ENGINE_LAYERS.slice(i + 1, -1).join('|')})(/|$)`,
            message: `libs/engine/layers.json: ${folder} imports only the folders listed below it (pass what it needs from above in).`,
          },
        ],
      },
    ],
  },
}));

export default [
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'prisma.config.ts',
      'libs/data-access/src/generated/**',
      'apps/web/src/gql/**',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // `const { id, ...rest } = row` is how a field is left out of a copy
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:model', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:parser', onlyDependOnLibsWithTags: ['type:model'] },
            { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:model'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:model'] },
            { sourceTag: 'type:io', onlyDependOnLibsWithTags: ['type:model'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:model'] },
            { sourceTag: 'type:diff', onlyDependOnLibsWithTags: ['type:model', 'type:engine'] },
            { sourceTag: 'type:report', onlyDependOnLibsWithTags: ['type:model', 'type:engine'] },
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:report', 'type:diff'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:model',
                'type:parser',
                'type:engine',
                'type:contracts',
                'type:io',
                'type:data-access',
                'type:diff',
                'type:report',
              ],
            },
          ],
        },
      ],
    },
  },
  {
    // Engine specs build their models from real command output through the parsers; the engine's
    // own code still imports only the model.
    files: [
      'libs/engine/src/**/*.spec.ts',
      'libs/engine/src/**/testing/**/*.ts',
      'libs/diff/src/**/*.spec.ts',
      'libs/diff/src/**/testing/**/*.ts',
      'libs/report/src/**/*.spec.ts',
      'libs/report/src/**/testing/**/*.ts',
    ],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:model', 'type:parser'] },
            { sourceTag: 'type:diff', onlyDependOnLibsWithTags: ['type:model', 'type:engine', 'type:parser', 'type:io'] },
            { sourceTag: 'type:report', onlyDependOnLibsWithTags: ['type:model', 'type:engine', 'type:parser', 'type:io'] },
          ],
        },
      ],
    },
  },
  {
    // The report library is bundled into the browser portal from its source: no Node built-ins, and
    // the engine and model only for their types (its pictures and renderings are computed here).
    files: ['libs/report/src/**/*.ts'],
    ignores: ['libs/report/src/**/*.spec.ts', 'libs/report/src/**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'libs/report runs in the browser: no Node built-ins.' },
            {
              group: ['@hookpath/*'],
              allowTypeImports: true,
              message: 'libs/report imports other libraries for their types only (import type).',
            },
          ],
          paths: ['fs', 'path', 'os', 'crypto', 'util', 'buffer', 'child_process', 'url', 'stream', 'events'].map((name) => ({
            name,
            message: 'libs/report runs in the browser: no Node built-ins.',
          })),
        },
      ],
    },
  },
  ...engineLayerRules,
];
