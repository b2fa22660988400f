import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { FlowProducer, Queue } from 'bullmq';
import { bullJobId, SIMULATION_JOB_OPTIONS, SIMULATION_QUEUE, type Flow, type JobPayload } from '@hookpath/contracts';
import type { WorkerConfig } from '../config/worker-config';
import { WORKER_CONFIG } from '../worker.tokens';
import { redisConnection } from '../processor/redis-connection';

/** Flows per chunk: at most the configured size, smaller for small batches so that every worker gets a share. */
export function chunkSizeFor(total: number, configured: number): number {
  return Math.max(1, Math.min(configured, Math.max(50, Math.ceil(total / CHUNKS_PER_BATCH))));
}

/**
 * Chunks a batch aims for: enough for several workers (each running several jobs at once) to
 * share it, few enough that the per-job cost (queue moves, one status read, one write) stays
 * small beside the tracing.
 */
const CHUNKS_PER_BATCH = 32;

/**
 * Fans a batch out as a BullMQ flow: one `trace-chunk` child per slice of the flows, under a
 * `trace-batch-finalize` parent that runs once every chunk is done. Ids are deterministic, so a
 * batch job that runs again after its worker died does not add the chunks twice.
 */
@Injectable()
export class BatchFanOut implements OnModuleDestroy {
  private readonly producer: FlowProducer;
  private readonly queue: Queue;

  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {
    this.producer = new FlowProducer({ prefix: config.queuePrefix, connection: redisConnection(config.redisUrl) });
    this.queue = new Queue(SIMULATION_QUEUE, { prefix: config.queuePrefix, connection: redisConnection(config.redisUrl) });
    this.producer.on('error', () => undefined);
    this.queue.on('error', () => undefined);
  }

  /** Adds the chunks and the finalize job; returns the number of chunks. */
  async fanOut(jobId: string, snapshotId: string, flows: readonly Flow[]): Promise<number> {
    const finalizeId = bullJobId.traceBatchFinalize(jobId);
    const size = chunkSizeFor(flows.length, this.config.batchChunkSize);
    const chunks: JobPayload<'trace-chunk'>[] = [];
    for (let start = 0; start < flows.length; start += size) {
      chunks.push({ jobId, snapshotId, chunk: chunks.length, start, flows: flows.slice(start, start + size) });
    }
    if ((await this.queue.getJob(finalizeId)) !== undefined) return chunks.length;
    await this.producer.add({
      name: 'trace-batch-finalize',
      queueName: SIMULATION_QUEUE,
      data: { jobId } satisfies JobPayload<'trace-batch-finalize'>,
      opts: { ...SIMULATION_JOB_OPTIONS, jobId: finalizeId },
      children: chunks.map((data) => ({
        name: 'trace-chunk',
        queueName: SIMULATION_QUEUE,
        data,
        opts: { ...SIMULATION_JOB_OPTIONS, jobId: bullJobId.traceChunk(jobId, data.chunk), failParentOnFailure: true },
      })),
    });
    return chunks.length;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([this.producer.close(), this.queue.close()]);
  }
}
