import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Router } from 'express';
import { SIMULATION_QUEUE } from '@hookpath/contracts';
import { withTimeout } from '@hookpath/data-access';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../infrastructure/tokens';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over the simulation queue: waiting, active, delayed, completed and failed jobs, their
 * data and errors, retry and removal. It has its own BullMQ Queue (and Redis connection), closed
 * with the application.
 */
@Injectable()
export class QueueBoard implements OnModuleDestroy {
  private readonly queue: Queue;
  readonly router: Router;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.queue = new Queue(SIMULATION_QUEUE, {
      prefix: config.queuePrefix,
      connection: { url: config.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
    });
    this.queue.on('error', () => undefined); // the job queue's own connection reports outages
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(this.queue)],
      serverAdapter,
      options: { uiConfig: { boardTitle: 'hookpath queues' } },
    });
    this.router = serverAdapter.getRouter() as Router;
  }

  async onModuleDestroy(): Promise<void> {
    await withTimeout(this.queue.close(), 2_000, 'queue board close').catch(() => undefined);
  }
}
