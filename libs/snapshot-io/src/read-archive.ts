import { createGunzip } from 'node:zlib';
import { extract, type Header } from 'tar-stream';
import type { SnapshotFile } from '@hookpath/model';
import { collectFiles } from './collect-files';
import { DEFAULT_LIMITS, type UploadLimits } from './limits';
import { safeRelativePath } from './safe-path';
import { SnapshotInputError } from './snapshot-input-error';

const MiB = 1024 * 1024;
/** Bytes per inflated chunk: the default 16 KiB costs a round trip to the thread pool every 16 KiB (3x slower on a cluster's archive). */
const GUNZIP_CHUNK = MiB;

function entryError(code: 'UNSUPPORTED_ENTRY' | 'UNPACKED_TOO_LARGE', name: string, message: string): SnapshotInputError {
  return new SnapshotInputError(code, `${name}: ${message}`, [{ file: name, line: 0, column: 0, message, text: '' }]);
}

/**
 * Reads a `.tar.gz` snapshot in memory, enforcing the limits while it unpacks: an entry whose
 * declared or actual size would pass the unpacked limit stops the read at once (gzip bombs).
 * Only regular files and directories are accepted; links, devices and fifos are refused.
 */
export function readSnapshotArchive(data: Buffer, limits: UploadLimits = DEFAULT_LIMITS): Promise<SnapshotFile[]> {
  if (data.length > limits.maxCompressedBytes) {
    const message = `the archive is ${(data.length / MiB).toFixed(1)} MiB; the limit is ${(limits.maxCompressedBytes / MiB).toFixed(0)} MiB`;
    return Promise.reject(new SnapshotInputError('ARCHIVE_TOO_LARGE', message));
  }
  return new Promise((resolve, reject) => {
    const files: { path: string; content: Buffer }[] = [];
    let unpacked = 0;
    let settled = false;
    const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
    const tar = extract();
    const abort = (error: SnapshotInputError) => {
      if (settled) return;
      settled = true;
      gunzip.unpipe(tar);
      gunzip.destroy();
      tar.destroy();
      reject(error);
    };
    const corrupt = (error: unknown) =>
      new SnapshotInputError('CORRUPT_ARCHIVE', `not a readable .tar.gz: ${error instanceof Error ? error.message : String(error)}`);
    gunzip.on('error', (error: unknown) => abort(corrupt(error)));
    tar.on('error', (error: unknown) => abort(error instanceof SnapshotInputError ? error : corrupt(error)));
    tar.on('finish', () => {
      if (settled) return;
      settled = true;
      try {
        resolve(collectFiles(files));
      } catch (error) {
        reject(error);
      }
    });
    tar.on('entry', (header: Header, stream, next) => {
      const refuse = (error: SnapshotInputError) => {
        stream.resume();
        abort(error);
      };
      let path: string | null;
      try {
        path = safeRelativePath(header.name);
      } catch (error) {
        refuse(error as SnapshotInputError);
        return;
      }
      if (header.type === 'directory' || path === null) {
        stream.on('end', next);
        stream.resume();
        return;
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        refuse(entryError('UNSUPPORTED_ENTRY', header.name, `${header.type ?? 'unknown'} entries are not allowed in a snapshot`));
        return;
      }
      if (files.length + 1 > limits.maxFiles) {
        refuse(new SnapshotInputError('TOO_MANY_FILES', `the snapshot has more than ${limits.maxFiles} files`));
        return;
      }
      const tooLarge = () =>
        entryError('UNPACKED_TOO_LARGE', header.name, `unpacking passes the limit of ${(limits.maxUnpackedBytes / MiB).toFixed(0)} MiB`);
      if (unpacked + (header.size ?? 0) > limits.maxUnpackedBytes) {
        refuse(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      const entryPath = path;
      stream.on('data', (data: unknown) => {
        const chunk = data as Buffer;
        unpacked += chunk.length;
        if (unpacked > limits.maxUnpackedBytes) refuse(tooLarge());
        else chunks.push(chunk);
      });
      stream.on('end', () => {
        files.push({ path: entryPath, content: Buffer.concat(chunks) });
        next();
      });
    });
    gunzip.pipe(tar);
    gunzip.end(data);
  });
}
