import { createHash } from 'node:crypto';
import type { SnapshotFile } from '@hookpath/model';

/** sha256 of a file's UTF-8 text, hex: what the content hash is made of and what a stored file records. */
export function fileSha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/**
 * sha256 over the sorted (path, sha256(content)) list: the same files give the same hash.
 * `sha256s`: each file's fileSha256, when the caller has them already.
 */
export function contentHash(files: readonly SnapshotFile[], sha256s: readonly string[] = files.map((f) => fileSha256(f.content))): string {
  const lines = files.map((f, i) => `${f.path}\0${sha256s[i] as string}`).sort();
  return createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
}
