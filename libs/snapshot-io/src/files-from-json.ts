import type { SnapshotFile } from '@hookpath/model';
import { collectFiles } from './collect-files';
import { DEFAULT_LIMITS, type UploadLimits } from './limits';
import { safeRelativePath } from './safe-path';
import { SnapshotInputError } from './snapshot-input-error';

/** The JSON upload form `{files: {<relative path>: <content>}}`, checked like an archive. */
export function snapshotFilesFromJson(files: Record<string, string>, limits: UploadLimits = DEFAULT_LIMITS): SnapshotFile[] {
  const entries = Object.entries(files);
  if (entries.length > limits.maxFiles) {
    throw new SnapshotInputError('TOO_MANY_FILES', `the snapshot has ${entries.length} files; the limit is ${limits.maxFiles}`);
  }
  let unpacked = 0;
  const out: { path: string; content: Buffer }[] = [];
  for (const [rawPath, content] of entries) {
    if (typeof content !== 'string') {
      throw new SnapshotInputError('UNSUPPORTED_ENTRY', `files[${JSON.stringify(rawPath)}] must be a string`);
    }
    const path = safeRelativePath(rawPath);
    if (path === null) throw new SnapshotInputError('UNSAFE_PATH', `files has an empty path`);
    const buffer = Buffer.from(content, 'utf8');
    unpacked += buffer.length;
    if (unpacked > limits.maxUnpackedBytes) {
      throw new SnapshotInputError('UNPACKED_TOO_LARGE', `the files are larger than ${limits.maxUnpackedBytes} bytes (at ${path})`);
    }
    out.push({ path, content: buffer });
  }
  return collectFiles(out);
}
