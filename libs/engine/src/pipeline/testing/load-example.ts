import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SnapshotFile, SnapshotModel } from '@hookpath/model';
import { parseSnapshot } from '@hookpath/parsers';

/** The repository's examples/ folder, from libs/engine/dist/pipeline/testing. */
export const EXAMPLES = join(__dirname, '..', '..', '..', '..', '..', 'examples');

/** Test support: the files of a committed example, as the CLI reads them. */
export function exampleFiles(name: string): SnapshotFile[] {
  const root = join(EXAMPLES, name);
  const files: SnapshotFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.sh') && !entry.name.endsWith('.md'))
        files.push({ path: relative(root, path).split(sep).join('/'), content: readFileSync(path, 'utf8') });
    }
  };
  walk(root);
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Parses example files (optionally edited first); fails the test on any parse error. */
export function parseExample(files: readonly SnapshotFile[]): SnapshotModel {
  const parsed = parseSnapshot(files);
  if (parsed.errors.length > 0) throw new Error(`example does not parse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  return parsed.model;
}

export function loadExample(name: string): SnapshotModel {
  return parseExample(exampleFiles(name));
}

/** Replaces one file's content (a test's edit of the snapshot). */
export function editFile(files: readonly SnapshotFile[], path: string, edit: (content: string) => string): SnapshotFile[] {
  if (!files.some((f) => f.path === path)) throw new Error(`no file ${path}`);
  return files.map((f) => (f.path === path ? { path: f.path, content: edit(f.content) } : f));
}

/** A snapshot from inline command outputs: `{ host: { 'ip-route.txt': '...' } }` plus an optional topology.yaml. */
export function modelFromText(hosts: Record<string, Record<string, string>>, topology?: string): SnapshotModel {
  const files: SnapshotFile[] = [];
  for (const [host, own] of Object.entries(hosts)) {
    for (const [name, content] of Object.entries(own)) files.push({ path: `hosts/${host}/${name}`, content });
  }
  if (topology !== undefined) files.push({ path: 'topology.yaml', content: topology });
  return parseExample(files);
}
