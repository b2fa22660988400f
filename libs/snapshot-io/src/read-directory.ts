import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { SnapshotFile } from '@hookpath/model';
import { collectFiles } from './collect-files';
import { DEFAULT_LIMITS, type UploadLimits } from './limits';
import { SnapshotInputError } from './snapshot-input-error';

/** Reads a snapshot folder from disk with the same rules as an upload. */
export async function readSnapshotDirectory(dir: string, limits: UploadLimits = DEFAULT_LIMITS): Promise<SnapshotFile[]> {
  const top = await lstat(dir).catch(() => null);
  if (top === null) throw new SnapshotInputError('NOT_FOUND', `${dir}: no such file or directory`);
  if (!top.isDirectory()) throw new SnapshotInputError('UNSUPPORTED_ENTRY', `${dir} is not a directory`);
  const files: { path: string; content: Buffer }[] = [];
  let unpacked = 0;
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const full = join(current, entry.name);
      const rel = relative(dir, full).split(sep).join('/');
      if (entry.isDirectory()) {
        await walk(full);
        continue;
      }
      if (!entry.isFile()) {
        const what = entry.isSymbolicLink() ? 'symbolic link' : 'special file';
        throw new SnapshotInputError('UNSUPPORTED_ENTRY', `${rel}: a ${what} is not allowed in a snapshot`, [
          { file: rel, line: 0, column: 0, message: `${what}s are not allowed`, text: '' },
        ]);
      }
      if (files.length + 1 > limits.maxFiles) {
        throw new SnapshotInputError('TOO_MANY_FILES', `the snapshot has more than ${limits.maxFiles} files`);
      }
      const content = await readFile(full);
      unpacked += content.length;
      if (unpacked > limits.maxUnpackedBytes) {
        throw new SnapshotInputError('UNPACKED_TOO_LARGE', `the folder is larger than ${limits.maxUnpackedBytes} bytes (at ${rel})`);
      }
      files.push({ path: rel, content });
    }
  };
  await walk(dir);
  return collectFiles(files);
}
