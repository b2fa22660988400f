/** What the user dropped or picked: a .tar.gz, or the files of a folder with their paths inside it. */
export type SnapshotSource =
  { kind: 'archive'; name: string; file: File } | { kind: 'folder'; name: string; files: { path: string; file: File }[]; skipped: number };

/** The snapshot's own top-level names: a folder dropped holding only `hosts/` keeps its paths. */
const LAYOUT_TOP = new Set(['hosts', 'ovn', 'k8s', 'snapshot.yaml', 'topology.yaml']);

export function isArchive(name: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(name);
}

/** Dotfiles and folders (.git, .DS_Store) and macOS archive litter are never part of a snapshot. */
function ignored(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.') || segment === '__MACOSX');
}

/**
 * Paths relative to the snapshot folder: the folder's own name is stripped, so they read
 * `hosts/<host>/iptables-save.txt` as in SNAPSHOT-LAYOUT.md.
 */
export function folderSource(entries: { path: string; file: File }[], fallbackName: string): SnapshotSource {
  const clean = entries.map((e) => ({ ...e, path: e.path.replace(/^\/+/, '') }));
  const firsts = new Set(clean.map((e) => e.path.split('/')[0]));
  const [top] = [...firsts];
  const strip = firsts.size === 1 && top !== undefined && !LAYOUT_TOP.has(top) && clean.every((e) => e.path.includes('/'));
  const files = clean
    .map((e) => ({ ...e, path: strip ? e.path.slice((top as string).length + 1) : e.path }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const kept = files.filter((f) => !ignored(f.path));
  return { kind: 'folder', name: strip ? (top as string) : fallbackName, files: kept, skipped: files.length - kept.length };
}

/** A folder picked with `<input webkitdirectory>`: each file carries its path in `webkitRelativePath`. */
export function fromFileList(list: FileList): SnapshotSource | null {
  const files = [...list];
  if (files.length === 0) return null;
  const single = files[0];
  if (files.length === 1 && single !== undefined && single.webkitRelativePath === '' && isArchive(single.name)) {
    return { kind: 'archive', name: single.name.replace(/\.(tar\.gz|tgz)$/i, ''), file: single };
  }
  return folderSource(
    files.map((file) => ({ path: file.webkitRelativePath === '' ? file.name : file.webkitRelativePath, file })),
    'snapshot',
  );
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns a batch at a time (100 in Chromium) until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: { path: string; file: File }[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: entry.fullPath, file });
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, out);
  }
}

/**
 * What a drop holds. The entries are taken from the DataTransfer at once (it is emptied when the drop
 * event returns), then folders are read recursively.
 */
export function fromDrop(transfer: DataTransfer): Promise<SnapshotSource | null> {
  const entries = [...transfer.items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => e !== null);
  const files = [...transfer.files];
  return (async () => {
    if (entries.length === 0) return files.length === 0 ? null : fromPlainFiles(files);
    const only = entries[0];
    if (entries.length === 1 && only !== undefined && only.isFile && isArchive(only.name)) {
      const file = files[0] ?? (await new Promise<File>((resolve, reject) => (only as FileSystemFileEntry).file(resolve, reject)));
      return { kind: 'archive', name: only.name.replace(/\.(tar\.gz|tgz)$/i, ''), file };
    }
    const out: { path: string; file: File }[] = [];
    for (const entry of entries) await walk(entry, out);
    return folderSource(out, entries.length === 1 && only !== undefined ? only.name : 'snapshot');
  })();
}

function fromPlainFiles(files: File[]): SnapshotSource {
  const single = files[0];
  if (files.length === 1 && single !== undefined && isArchive(single.name))
    return { kind: 'archive', name: single.name.replace(/\.(tar\.gz|tgz)$/i, ''), file: single };
  return folderSource(
    files.map((file) => ({ path: file.name, file })),
    'snapshot',
  );
}

/** The bytes to send: an archive as a base64 data URL, a folder's files as UTF-8 text. */
export function archiveDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

export function sourceBytes(source: SnapshotSource): number {
  return source.kind === 'archive' ? source.file.size : source.files.reduce((n, f) => n + f.file.size, 0);
}
