import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', 'prisma.config.ts', 'libs/data-access/src/generated/**', 'apps/web/src/gql/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
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
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:report'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:model', 'type:parser', 'type:engine', 'type:contracts', 'type:io', 'type:data-access', 'type:diff'] },
          ],
        },
      ],
    },
  },
  {
    // Engine specs build their models from real command output through the parsers; the engine's
    // own code still imports only the model.
    files: ['libs/engine/src/**/*.spec.ts', 'libs/engine/src/**/testing/**/*.ts', 'libs/diff/src/**/*.spec.ts', 'libs/diff/src/**/testing/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { allow: [], depConstraints: [
          { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:model', 'type:parser'] },
          { sourceTag: 'type:diff', onlyDependOnLibsWithTags: ['type:model', 'type:engine', 'type:parser', 'type:io'] },
        ] },
      ],
    },
  },
];
