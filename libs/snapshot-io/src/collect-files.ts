import type { SnapshotFile } from '@hookpath/model';
import { stripCommonRoot } from './safe-path';
import { SnapshotInputError } from './snapshot-input-error';
import { assertTextFiles } from './text-content';

/**
 * Turns the raw entries of an upload into sorted snapshot files, dropping a common top folder; a file
 * holding a NUL byte is refused (NUL_BYTE).
 */
export function collectFiles(files: { path: string; content: Buffer }[]): SnapshotFile[] {
  if (files.length === 0) throw new SnapshotInputError('EMPTY_SNAPSHOT', 'the snapshot contains no files');
  const strip = stripCommonRoot(files.map((f) => f.path));
  const out = files
    .map((f) => ({ path: strip(f.path), content: f.content.toString('utf8') }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  assertTextFiles(out);
  return out;
}
