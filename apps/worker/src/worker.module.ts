import { type DynamicModule, Module } from '@nestjs/common';
import { JobRepository, PrismaService, SnapshotRepository } from '@hookpath/data-access';
import type { WorkerConfig } from './config/worker-config';
import { JobEventsPublisher } from './events/job-events.publisher';
import { HANDLERS } from './handlers';
import type { WorkerLogger } from './logging/worker-logger';
import { MetricsEndpoint } from './metrics/metrics-endpoint';
import { WorkerMetrics } from './metrics/worker-metrics';
import { HandlerRegistry } from './processor/handler-registry';
import { SimulationProcessor } from './processor/simulation.processor';
import { BatchFanOut } from './simulation/batch-fan-out';
import { JobContext } from './simulation/job-context';
import { SnapshotStore } from './simulation/snapshot-store';
import { WORKER_CONFIG, WORKER_LOGGER } from './worker.tokens';

/** The worker process: Postgres, Redis, the handlers of every job name and the queue's processor. */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, logger: WorkerLogger, metrics: WorkerMetrics = new WorkerMetrics()): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: WORKER_LOGGER, useValue: logger },
        { provide: WorkerMetrics, useValue: metrics },
        MetricsEndpoint,
        {
          provide: PrismaService,
          useFactory: () =>
            new PrismaService(config.databaseUrl, { connectionTimeoutMillis: 3_000, maxConnections: Math.max(2, config.concurrency + 1) }),
        },
        { provide: JobRepository, inject: [PrismaService], useFactory: (prisma: PrismaService) => new JobRepository(prisma) },
        { provide: SnapshotRepository, inject: [PrismaService], useFactory: (prisma: PrismaService) => new SnapshotRepository(prisma) },
        {
          provide: SnapshotStore,
          inject: [SnapshotRepository, WorkerMetrics],
          useFactory: (snapshots: SnapshotRepository, metrics: WorkerMetrics) =>
            new SnapshotStore(snapshots, config.modelCacheSize, metrics),
        },
        { provide: JobEventsPublisher, useFactory: () => new JobEventsPublisher(config.redisUrl, config.queuePrefix, logger) },
        JobContext,
        BatchFanOut,
        ...HANDLERS,
        {
          provide: HandlerRegistry,
          inject: [...HANDLERS],
          useFactory: (...handlers: InstanceType<(typeof HANDLERS)[number]>[]) => new HandlerRegistry(handlers),
        },
        SimulationProcessor,
      ],
    };
  }
}
