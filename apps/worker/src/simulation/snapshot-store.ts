import { compileSnapshot, type CompiledSnapshot } from '@hookpath/engine';
import { SnapshotModelCache, type SnapshotRepository } from '@hookpath/data-access';
import type { SnapshotModel } from '@hookpath/model';
import { parseStoredSnapshot, StoredSnapshotError } from '@hookpath/parsers';
import { PackedTextError, unpackFile } from '@hookpath/snapshot-io';
import type { WorkerMetrics } from '../metrics/worker-metrics';
import { JobInputError } from '../processor/job-input-error';

/**
 * A stored snapshot's model, from its files as uploaded, with iptables rules read when a trace first
 * reaches their chain, from the file as stored: a whole cluster's rules (millions) are never all
 * held parsed, nor their text held uncompressed. Files that no
 * longer read (stored before a parser change, or damaged) fail the job at once, naming the first
 * problem: no retry reads them differently.
 */
export async function loadSnapshotModel(snapshots: SnapshotRepository, id: string): Promise<SnapshotModel | null> {
  const files = await snapshots.loadFiles(id);
  try {
    return parseStoredSnapshot(files === null ? null : files.map(unpackFile));
  } catch (error) {
    if (error instanceof StoredSnapshotError || error instanceof PackedTextError)
      throw new JobInputError('SNAPSHOT_UNREADABLE', `snapshot ${id}: ${error.message}`);
    throw error;
  }
}

/**
 * Compiled snapshots by id, loaded from Postgres on a miss and kept in a bounded LRU: a stored
 * snapshot never changes, so a batch's chunks and later jobs on the same snapshot skip the load
 * and the compile.
 */
export class SnapshotStore {
  private readonly cache: SnapshotModelCache<CompiledSnapshot>;

  constructor(
    snapshots: SnapshotRepository,
    capacity: number,
    private readonly metrics: WorkerMetrics,
  ) {
    this.cache = new SnapshotModelCache<CompiledSnapshot>(async (id) => {
      const end = metrics.compileDuration.startTimer();
      const model = await loadSnapshotModel(snapshots, id);
      if (model === null) return null;
      const compiled = compileSnapshot(model);
      end();
      return compiled;
    }, capacity);
  }

  /** The compiled snapshot; a JobInputError (no retry) when it does not exist. */
  async get(snapshotId: string): Promise<CompiledSnapshot> {
    const loadsBefore = this.cache.loadCount;
    const pending = this.cache.get(snapshotId);
    // The cache counts a miss as it starts the load, before get returns.
    this.metrics.cacheLookups.inc({ result: this.cache.loadCount > loadsBefore ? 'miss' : 'hit' });
    const compiled = await pending;
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
