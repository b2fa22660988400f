import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { WorkerConfig } from './config/worker-config';
import { WorkerLogger } from './logging/worker-logger';
import { WorkerModule } from './worker.module';

/** Boots the worker (Nest application context); it takes jobs until closed. */
export async function startWorker(
  config: WorkerConfig,
  logger: WorkerLogger = new WorkerLogger(config.logLevel),
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), { logger, abortOnError: false });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
