import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { GRAPHQL_RESOLVERS } from './resolvers';

const HEADER =
  '# The GraphQL schema of the hookpath API, generated from apps/api/src/graphql: run `node scripts/graphql-schema.mjs` after a change.\n\n';

/** The API's schema built from its resolvers, sorted as the server sorts it (sortSchema). */
export async function buildGraphqlSchema(): Promise<GraphQLSchema> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const factory = app.get(GraphQLSchemaFactory);
    return lexicographicSortSchema(await factory.create([...GRAPHQL_RESOLVERS]));
  } finally {
    await app.close();
  }
}

/** The text of apps/api/schema.graphql. */
export async function printGraphqlSchema(schema?: GraphQLSchema): Promise<string> {
  return `${HEADER}${printSchema(schema ?? (await buildGraphqlSchema()))}\n`;
}
