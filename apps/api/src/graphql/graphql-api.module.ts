import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule, Query, Resolver } from '@nestjs/graphql';

@Resolver()
export class ApiInfoResolver {
  @Query(() => String, { description: 'Name of the API.' })
  api(): string {
    return 'hookpath';
  }
}

@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      path: '/graphql',
      autoSchemaFile: true,
      sortSchema: true,
      context: ({ req }: { req: unknown }) => ({ req }),
    }),
  ],
  providers: [ApiInfoResolver],
})
export class GraphqlApiModule {}
