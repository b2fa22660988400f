import type { PackedSnapshotFile, SnapshotFile, StoredLines } from '@hookpath/model';
import { fileSha256 } from './content-hash';
import { packText, packTextAsync, StoredText } from './packed-text';

/** Files compressed at once by packFiles (on libuv's thread pool). */
const CONCURRENCY = 16;

/**
 * A file as stored, on this thread (for a thread of its own, such as a pool's); `sha256` is its
 * fileSha256 when the caller has it already (the content hash is made of them).
 */
export function packFile(file: SnapshotFile, sha256 = fileSha256(file.content)): PackedSnapshotFile {
  const text = Buffer.from(file.content, 'utf8');
  return { path: file.path, size: text.byteLength, sha256, gzipped: packText(text) };
}

/** The files as stored, compressed on libuv's thread pool a few at a time, in the order given. */
export async function packFiles(
  files: readonly SnapshotFile[],
  sha256s: readonly string[] = files.map((f) => fileSha256(f.content)),
): Promise<PackedSnapshotFile[]> {
  const out: PackedSnapshotFile[] = [];
  for (let i = 0; i < files.length; i += CONCURRENCY) {
    const slice = files.slice(i, i + CONCURRENCY);
    const texts = slice.map((f) => Buffer.from(f.content, 'utf8'));
    const zipped = await Promise.all(texts.map((text) => packTextAsync(text)));
    slice.forEach((file, j) =>
      out.push({
        path: file.path,
        size: (texts[j] as Buffer).byteLength,
        sha256: sha256s[i + j] as string,
        gzipped: zipped[j] as Buffer<ArrayBuffer>,
      }),
    );
  }
  return out;
}

/**
 * A stored file to read: its `content` inflated each time it is read, and not kept (a cluster's
 * files are each held as text only while they are parsed), and its `storedLines` to read lines
 * again later without the text (when it was stored in blocks of whole lines, as packFile stores it).
 */
export function unpackFile(file: Pick<PackedSnapshotFile, 'path' | 'gzipped'>): SnapshotFile {
  const text = new StoredText(file.path, file.gzipped);
  return {
    path: file.path,
    get content(): string {
      return text.content();
    },
    get storedLines(): StoredLines | undefined {
      return text.lines() ?? undefined;
    },
  };
}
