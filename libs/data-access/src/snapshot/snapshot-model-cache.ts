import type { SnapshotModel } from '@hookpath/model';

export type SnapshotModelLoader<T = SnapshotModel> = (snapshotId: string) => Promise<T | null>;

export const DEFAULT_MODEL_CACHE_CAPACITY = 16;

/**
 * In-process, bounded LRU of snapshot models (or what is derived from them, such as the worker's
 * compiled snapshots) by snapshot id. A stored snapshot never changes (it
 * is addressed by content hash), so an entry stays valid until evicted or deleted. Concurrent
 * requests for the same id share one load; a failed or empty load is not kept.
 */
export class SnapshotModelCache<T = SnapshotModel> {
  private readonly entries = new Map<string, Promise<T | null>>();
  private loads = 0;

  constructor(
    private readonly loader: SnapshotModelLoader<T>,
    readonly capacity: number = DEFAULT_MODEL_CACHE_CAPACITY,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`model cache capacity must be a positive integer, got ${capacity}`);
  }

  /** The model of the snapshot, loading it on a miss; null when the snapshot does not exist. */
  get(snapshotId: string): Promise<T | null> {
    const cached = this.entries.get(snapshotId);
    if (cached !== undefined) {
      this.entries.delete(snapshotId);
      this.entries.set(snapshotId, cached);
      return cached;
    }
    this.loads += 1;
    const pending = this.loader(snapshotId).then(
      (model) => {
        if (model === null && this.entries.get(snapshotId) === pending) this.entries.delete(snapshotId);
        return model;
      },
      (error: unknown) => {
        if (this.entries.get(snapshotId) === pending) this.entries.delete(snapshotId);
        throw error;
      },
    );
    this.entries.set(snapshotId, pending);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return pending;
  }

  /** Drops a snapshot's model (after the snapshot is deleted). */
  delete(snapshotId: string): void {
    this.entries.delete(snapshotId);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** How many times the loader ran (misses). */
  get loadCount(): number {
    return this.loads;
  }
}
