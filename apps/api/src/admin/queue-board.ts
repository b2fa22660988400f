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
 * data and errors, retry and removal. Its own BullMQ Queue (and Redis connection) is opened when the
 * board is first asked for, so an API nobody opens the board on holds no extra connection, and it is
 * closed with the application (disconnected outright when Redis does not answer the close).
 */
@Injectable()
export class QueueBoard implements OnModuleDestroy {
  private queue: Queue | null = null;
  private readonly board: ReturnType<typeof createBullBoard>;
  readonly router: Router;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    this.board = createBullBoard({ queues: [], serverAdapter, options: { uiConfig: { boardTitle: 'hookpath queues' } } });
    const boardRouter = serverAdapter.getRouter() as Router;
    this.router = ((req, res, next) => {
      this.open();
      boardRouter(req, res, next);
    }) as Router;
  }

  private open(): void {
    if (this.queue !== null) return;
    this.queue = new Queue(SIMULATION_QUEUE, {
      prefix: this.config.queuePrefix,
      connection: { url: this.config.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
    });
    this.queue.on('error', () => undefined); // the job queue's own connection reports outages
    this.board.addQueue(new BullMQAdapter(this.queue));
  }

  async onModuleDestroy(): Promise<void> {
    const queue = this.queue;
    if (queue === null) return;
    this.queue = null;
    const closed = await withTimeout(queue.close(), 2_000, 'queue board close').then(
      () => true,
      () => false,
    );
    if (!closed) await queue.disconnect().catch(() => undefined);
  }
}
