import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents from the committed schema: a query that does not match the API fails the build.
const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', JSON: 'unknown' } },
      presetConfig: { fragmentMasking: false },
    },
  },
};
export default config;
