import { createHash } from 'node:crypto';
import type { SnapshotFile } from '@hookpath/model';

/** sha256 over the sorted (path, sha256(content)) list: the same files give the same hash. */
export function contentHash(files: readonly SnapshotFile[]): string {
  const lines = files.map((f) => `${f.path}\0${createHash('sha256').update(f.content, 'utf8').digest('hex')}`).sort();
  return createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
}
