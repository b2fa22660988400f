import { compileSnapshot, type CompiledSnapshot } from '@hookpath/engine';
import { SnapshotModelCache, type SnapshotRepository } from '@hookpath/data-access';
import { JobInputError } from '../processor/job-input-error';

/**
 * Compiled snapshots by id, loaded from Postgres on a miss and kept in a bounded LRU: a stored
 * snapshot never changes, so a batch's chunks and later jobs on the same snapshot skip the load
 * and the compile.
 */
export class SnapshotStore {
  private readonly cache: SnapshotModelCache<CompiledSnapshot>;

  constructor(snapshots: SnapshotRepository, capacity: number) {
    this.cache = new SnapshotModelCache<CompiledSnapshot>(async (id) => {
      const model = await snapshots.loadModel(id);
      return model === null ? null : compileSnapshot(model);
    }, capacity);
  }

  /** The compiled snapshot; a JobInputError (no retry) when it does not exist. */
  async get(snapshotId: string): Promise<CompiledSnapshot> {
    const compiled = await this.cache.get(snapshotId);
    if (compiled === null)
      throw new JobInputError(
        'SNAPSHOT_NOT_FOUND',
        `no snapshot with id ${JSON.stringify(snapshotId)} (deleted after the job was submitted?)`,
      );
    return compiled;
  }

  get loads(): number {
    return this.cache.loadCount;
  }
}
