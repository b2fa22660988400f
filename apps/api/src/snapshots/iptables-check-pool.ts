import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { PackedSnapshotFile } from '@hookpath/model';
import { isIptablesSaveFile } from '@hookpath/parsers';
import { Piscina } from 'piscina';
import type { HashedFile, IptablesCheckResult, IptablesCheckTask } from './iptables-check.worker';

/**
 * Reads an upload's iptables-save files in full for their errors, and packs them for storing, on
 * other threads, while the request's thread reads the rest of the snapshot (of these files, their
 * tables only). A cluster's millions of rules are most of an upload's work: on N cores this does
 * it about N times as fast. Piscina keeps the threads (a well-kept pool: queueing, a thread that
 * dies replaced, shutdown).
 *
 * The files go out as one task per thread, all at once, before the request's thread gets busy:
 * a thread never waits for that thread to hand it the next file.
 */
@Injectable()
export class IptablesCheckPool implements OnModuleDestroy {
  private readonly threads = availableParallelism();
  private readonly pool = new Piscina({
    filename: join(__dirname, 'iptables-check.worker.js'),
    name: 'checkIptablesFiles',
    minThreads: this.threads,
    maxThreads: this.threads,
    idleTimeout: Number.POSITIVE_INFINITY,
  });

  /**
   * The iptables-save files of `files`, packed, by path; null when the full read of one of them
   * reports an error.
   */
  async check(files: readonly HashedFile[]): Promise<Map<string, PackedSnapshotFile> | null> {
    const tasks = balance(
      files.filter((f) => isIptablesSaveFile(f.path)),
      this.threads,
    );
    const results = await Promise.all(tasks.map((task) => this.pool.run(task) as Promise<IptablesCheckResult>));
    if (results.some((result) => result.errors > 0)) return null;
    return new Map(results.flatMap((result) => result.packed.map((file) => [file.path, file] as const)));
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }
}

/** The files in at most `groups` tasks of about the same size, the largest file first (greedy). */
function balance(files: HashedFile[], groups: number): IptablesCheckTask[] {
  const tasks = Array.from({ length: Math.min(groups, files.length) }, () => ({ files: [] as HashedFile[], size: 0 }));
  for (const file of [...files].sort((a, b) => b.content.length - a.content.length)) {
    const lightest = tasks.reduce((min, task) => (task.size < min.size ? task : min));
    lightest.files.push({ path: file.path, content: file.content, sha256: file.sha256 });
    lightest.size += file.content.length;
  }
  return tasks.map((task) => ({ files: task.files }));
}
