import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

/** One tar entry; `type` defaults to a regular file. */
export interface TarEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo';
  content?: string | Buffer;
  linkname?: string;
}

/** A .tar (not gzipped) of the entries, in memory. */
export async function tarOf(entries: readonly TarEntry[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', () => resolve());
    archive.on('error', reject);
  });
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    if (type === 'file') {
      const content = typeof entry.content === 'string' ? Buffer.from(entry.content, 'utf8') : (entry.content ?? Buffer.alloc(0));
      await new Promise<void>((resolve, reject) =>
        archive.entry({ name: entry.name, type, size: content.length }, content, (e) => (e ? reject(e) : resolve())),
      );
    } else {
      const header = { name: entry.name, type, ...(entry.linkname === undefined ? {} : { linkname: entry.linkname }) };
      await new Promise<void>((resolve, reject) => archive.entry(header, (e) => (e ? reject(e) : resolve())));
    }
  }
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function tarGzOf(entries: readonly TarEntry[]): Promise<Buffer> {
  return gzipSync(await tarOf(entries));
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** Every regular file below `dir`, as `{relative path: text}`. */
export async function readFolder(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const path of await walk(dir)) files[relative(dir, path).split('\\').join('/')] = await readFile(path, 'utf8');
  return files;
}

/** A .tar.gz of a folder, in memory, its files under `<prefix>/` as `tar czf x.tgz <folder>` writes them. */
export async function packFolder(dir: string, prefix?: string): Promise<Buffer> {
  const files = await readFolder(dir);
  const entries: TarEntry[] = Object.entries(files).map(([path, content]) => ({
    name: prefix === undefined ? path : `${prefix}/${path}`,
    content,
  }));
  return tarGzOf(entries);
}

/**
 * A .tar.gz holding one file of `unpackedBytes` zeros, compressed while it is produced (never
 * held in memory unpacked): 600 MiB of zeros compress to about 600 KiB.
 */
export async function gzipBomb(unpackedBytes: number, name = 'hosts/bomb/sysctl.txt'): Promise<Buffer> {
  const archive = pack();
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('end', () => resolve());
    gzip.on('error', reject);
  });
  archive.pipe(gzip);
  const entry = archive.entry({ name, type: 'file', size: unpackedBytes });
  const zeros = Buffer.alloc(1024 * 1024);
  let left = unpackedBytes;
  while (left > 0) {
    const chunk = left >= zeros.length ? zeros : zeros.subarray(0, left);
    left -= chunk.length;
    if (!entry.write(chunk)) await new Promise<void>((resolve) => entry.once('drain', () => resolve()));
  }
  entry.end(() => undefined);
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}
