import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'node:http';
import type { WorkerConfig } from '../config/worker-config';
import type { WorkerLogger } from '../logging/worker-logger';
import { WORKER_CONFIG, WORKER_LOGGER } from '../worker.tokens';
import { startMetricsServer } from './metrics-server';
import { WorkerMetrics } from './worker-metrics';

/** Serves this worker's GET /metrics on HOOKPATH_WORKER_METRICS_PORT, when it is set. */
@Injectable()
export class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | null = null;

  constructor(
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly logger: WorkerLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === undefined) return;
    const { server, port } = await startMetricsServer(this.metrics.registry, this.config.metricsPort, this.config.metricsToken);
    this.server = server;
    this.logger.entry('info', 'worker metrics listening', { url: `http://localhost:${port}/metrics` });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
