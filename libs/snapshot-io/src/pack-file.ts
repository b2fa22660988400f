import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, gzip, gzipSync, type ZlibOptions } from 'node:zlib';
import type { PackedSnapshotFile, SnapshotFile } from '@hookpath/model';

/**
 * The fastest level: a cluster's iptables text compresses 4.7:1 instead of 5:1 at the default
 * level, in a fifth of the CPU time (17 ms against 94 ms for a node's 3 MB).
 */
const GZIP_OPTIONS = { level: constants.Z_BEST_SPEED } as const;
/** Files compressed at once by packFiles (on libuv's thread pool). */
const CONCURRENCY = 16;

/** zlib's output is a Buffer of its own memory, never shared. */
const gzipAsync = promisify(gzip) as (data: Buffer, options: ZlibOptions) => Promise<Buffer<ArrayBuffer>>;

function packed(path: string, text: Buffer, gzipped: Uint8Array<ArrayBuffer>): PackedSnapshotFile {
  return { path, size: text.byteLength, sha256: createHash('sha256').update(text).digest('hex'), gzipped };
}

/** A file as stored, on this thread (for a thread of its own, such as a pool's). */
export function packFile(file: SnapshotFile): PackedSnapshotFile {
  const text = Buffer.from(file.content, 'utf8');
  return packed(file.path, text, gzipSync(text, GZIP_OPTIONS));
}

/** The files as stored, compressed on libuv's thread pool a few at a time, in the order given. */
export async function packFiles(files: readonly SnapshotFile[]): Promise<PackedSnapshotFile[]> {
  const out: PackedSnapshotFile[] = [];
  for (let i = 0; i < files.length; i += CONCURRENCY) {
    const slice = files.slice(i, i + CONCURRENCY);
    const texts = slice.map((f) => Buffer.from(f.content, 'utf8'));
    const zipped = await Promise.all(texts.map((text) => gzipAsync(text, GZIP_OPTIONS)));
    slice.forEach((file, j) => out.push(packed(file.path, texts[j] as Buffer, zipped[j] as Buffer<ArrayBuffer>)));
  }
  return out;
}
