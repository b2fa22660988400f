import { Injectable, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import { JsonLogger } from './json-logger';

/** Logs the start and the end of a graceful shutdown (SIGTERM/SIGINT, or app.close()). */
@Injectable()
export class LifecycleLogger implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(private readonly logger: JsonLogger) {}

  beforeApplicationShutdown(signal?: string): void {
    this.logger.entry(
      'info',
      'shutting down: closing HTTP server, Postgres and Redis connections',
      'lifecycle',
      signal === undefined ? {} : { signal },
    );
  }

  onApplicationShutdown(signal?: string): void {
    this.logger.entry('info', 'shut down', 'lifecycle', signal === undefined ? {} : { signal });
  }
}
