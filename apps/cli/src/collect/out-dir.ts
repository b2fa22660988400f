import { readdir } from 'node:fs/promises';
import { UsageError } from '../cli-error';

/** A snapshot is written into a new or empty folder, never over files. */
export async function assertEmptyDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new UsageError(`--out ${dir}: ${error.message}`);
  });
  if (entries.length > 0) throw new UsageError(`--out ${dir} is not empty; give a new or empty folder`);
}
