import { readFile, stat } from 'node:fs/promises';
import type { SnapshotFile } from '@hookpath/model';
import { DEFAULT_LIMITS, type UploadLimits } from './limits';
import { readSnapshotArchive } from './read-archive';
import { readSnapshotDirectory } from './read-directory';
import { SnapshotInputError } from './snapshot-input-error';

/** A snapshot folder or a `.tar.gz` of one, as the CLI accepts it. */
export async function readSnapshotPath(path: string, limits: UploadLimits = DEFAULT_LIMITS): Promise<SnapshotFile[]> {
  const info = await stat(path).catch(() => null);
  if (info === null) throw new SnapshotInputError('NOT_FOUND', `${path}: no such file or directory`);
  if (info.isDirectory()) return readSnapshotDirectory(path, limits);
  try {
    return await readSnapshotArchive(await readFile(path), limits);
  } catch (error) {
    if (error instanceof SnapshotInputError) throw new SnapshotInputError(error.code, `${path}: ${error.message}`, error.issues);
    throw error;
  }
}
