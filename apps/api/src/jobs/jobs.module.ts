import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { JsonLogger } from '../logging/json-logger';
import { ApiMetrics } from '../metrics/api-metrics';
import { DiffsController } from './diffs.controller';
import { JobEvents } from './job-events';
import { JobHttp } from './job-http';
import { JobQueue } from './job-queue';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';
import { TraceBatchesController } from './trace-batches.controller';
import { TracesController } from './traces.controller';

/**
 * Simulation jobs over REST (/api/v1/traces, /trace-batches, /diffs, /jobs); JobsService and
 * JobEvents also back the GraphQL job fields and the jobProgress subscription. Needs InfrastructureModule (global) for config, Postgres and logger.
 */
@Module({
  controllers: [TracesController, TraceBatchesController, DiffsController, JobsController],
  providers: [
    {
      provide: JobQueue,
      inject: [APP_CONFIG, JsonLogger, ApiMetrics],
      useFactory: (config: AppConfig, logger: JsonLogger, metrics: ApiMetrics) => {
        const queue = new JobQueue(config.redisUrl, config.queuePrefix, logger, metrics);
        metrics.watchQueue(() => queue.depth());
        return queue;
      },
    },
    {
      provide: JobEvents,
      inject: [APP_CONFIG, JsonLogger],
      useFactory: (config: AppConfig, logger: JsonLogger) => new JobEvents(config.redisUrl, config.queuePrefix, logger),
    },
    JobsService,
    JobHttp,
  ],
  exports: [JobsService, JobEvents],
})
export class JobsModule {}
