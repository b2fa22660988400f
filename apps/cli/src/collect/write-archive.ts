import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';

/** `.tar.gz` and `.tgz` outputs are archives; anything else is a folder. */
export const isArchivePath = (path: string): boolean => /\.(tar\.gz|tgz)$/i.test(path);

async function filesUnder(root: string, dir = ''): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await filesUnder(root, path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** How many files are read ahead of the one being packed: each read is a round trip to the file system's threads. */
const READ_AHEAD = 32;

/**
 * Packs a snapshot folder into `file` as a `.tar.gz` of one top folder `top/` (what `tar -czf` of
 * the folder gives; readers drop the common top folder). Regular files only, in path order; the
 * files are read up to READ_AHEAD ahead of the one being packed.
 */
export async function writeSnapshotArchive(dir: string, file: string, top: string): Promise<void> {
  const archive = pack();
  const written = pipeline(archive, createGzip(), createWriteStream(file, { flags: 'wx' }));
  const paths = await filesUnder(dir);
  const reads: Promise<Buffer>[] = [];
  const readUpTo = (end: number): void => {
    for (let i = reads.length; i < Math.min(end, paths.length); i++) {
      const read = readFile(join(dir, paths[i] ?? ''));
      // Awaited in turn below; a read that fails before its turn must not count as unhandled.
      read.catch(() => undefined);
      reads.push(read);
    }
  };
  for (const [i, path] of paths.entries()) {
    readUpTo(i + 1 + READ_AHEAD);
    const content = await (reads[i] as Promise<Buffer>);
    await new Promise<void>((resolve, reject) =>
      archive.entry({ name: `${top}/${path}`, size: content.length, mode: 0o644 }, content, (error) => (error ? reject(error) : resolve())),
    );
  }
  archive.finalize();
  await written;
}
