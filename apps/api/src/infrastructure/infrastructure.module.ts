import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ApiTokenRepository, JobRepository, PrismaService, SnapshotRepository } from '@hookpath/data-access';
import type { AppConfig } from '../config/app-config';
import { JsonLogger } from '../logging/json-logger';
import { ApiMetrics } from '../metrics/api-metrics';
import { RedisService } from './redis.service';
import { APP_CONFIG } from './tokens';

/** Configuration, logger, Postgres (Prisma) and Redis, and the repositories (snapshots, tokens, jobs): available everywhere. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig, logger: JsonLogger): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: ApiMetrics, useValue: new ApiMetrics() },
        { provide: PrismaService, useFactory: () => new PrismaService(config.databaseUrl, { connectionTimeoutMillis: 3_000 }) },
        { provide: SnapshotRepository, inject: [PrismaService], useFactory: (prisma: PrismaService) => new SnapshotRepository(prisma) },
        { provide: ApiTokenRepository, inject: [PrismaService], useFactory: (prisma: PrismaService) => new ApiTokenRepository(prisma) },
        { provide: JobRepository, inject: [PrismaService], useFactory: (prisma: PrismaService) => new JobRepository(prisma) },
        { provide: RedisService, useFactory: () => new RedisService(config.redisUrl, logger) },
      ],
      exports: [APP_CONFIG, JsonLogger, ApiMetrics, PrismaService, SnapshotRepository, ApiTokenRepository, JobRepository, RedisService],
    };
  }
}
