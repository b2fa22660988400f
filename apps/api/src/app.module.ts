import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AuthGuard } from './auth/auth.guard';
import { TokenAuthenticator } from './auth/token-authenticator';
import type { AppConfig } from './config/app-config';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { JobsModule } from './jobs/jobs.module';
import type { JsonLogger } from './logging/json-logger';
import { QueueBoard } from './admin/queue-board';
import { LifecycleLogger } from './logging/lifecycle-logger';
import { ReportsModule } from './reports/reports.module';
import { SnapshotIngestModule } from './snapshots/snapshot-ingest.module';
import { SnapshotsController } from './snapshots/snapshots.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config, logger),
        // Multer stops reading as soon as the archive passes the upload limit (HTTP 413).
        MulterModule.register({
          storage: memoryStorage(),
          limits: { fileSize: config.limits.maxCompressedBytes, files: 1, fields: 8, parts: 10 },
        }),
        JobsModule,
        SnapshotIngestModule,
        GraphqlApiModule,
        ReportsModule,
      ],
      controllers: [HealthController, SnapshotsController],
      providers: [LifecycleLogger, TokenAuthenticator, QueueBoard, HealthService, { provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
