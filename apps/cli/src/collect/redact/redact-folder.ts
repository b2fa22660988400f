import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RedactKind, RedactRequest } from './redact-request';
import { findNames, planRedaction, redactFiles, type Redaction } from './redact-snapshot';

async function filesUnder(root: string, dir = '', out = new Map<string, string>()): Promise<Map<string, string>> {
  for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) await filesUnder(root, path, out);
    else if (entry.isFile()) out.set(path, await readFile(join(root, path), 'utf8'));
  }
  return out;
}

/**
 * Replaces the names `request` asks for in every file of the snapshot folder `dir` (a folder the
 * collect is still writing, not yet in its place): the files are read, rewritten under their new
 * paths, and the old ones removed. Returns what was replaced.
 */
export async function redactSnapshotFolder(
  dir: string,
  request: RedactRequest,
  derive?: (original: string, placeholder: string, kind: RedactKind) => [string, string][],
): Promise<Redaction> {
  const files = await filesUnder(dir);
  const redaction = planRedaction(request, findNames(files), derive);
  const redacted = redactFiles(files, redaction.mapping);
  for (const entry of await readdir(dir)) await rm(join(dir, entry), { recursive: true, force: true });
  for (const [path, content] of redacted) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return redaction;
}
