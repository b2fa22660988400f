import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SnapshotFile, SnapshotModel } from '@hookpath/model';
import { parseSnapshot } from '@hookpath/parsers';

/** The repository's examples/ folder, from libs/diff/dist/testing. */
export const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');

function parse(files: readonly SnapshotFile[]): SnapshotModel {
  const parsed = parseSnapshot(files);
  if (parsed.errors.length > 0) throw new Error(`snapshot does not parse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  return parsed.model;
}

/** Test support: a committed example, read as the CLI reads it. */
export function loadExample(name: string): SnapshotModel {
  return loadExampleWith(name, {});
}

/** Test support: a committed example with some files' content replaced (`{ 'hosts/node/sysctl.txt': '...' }`). */
export function loadExampleWith(name: string, replaced: Readonly<Record<string, (content: string) => string>>): SnapshotModel {
  const root = join(EXAMPLES, name);
  const files: SnapshotFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.sh') && !entry.name.endsWith('.md')) {
        const file = relative(root, path).split(sep).join('/');
        const content = readFileSync(path, 'utf8');
        files.push({ path: file, content: replaced[file]?.(content) ?? content });
      }
    }
  };
  walk(root);
  for (const file of Object.keys(replaced)) if (!files.some((f) => f.path === file)) throw new Error(`${name} has no file ${file}`);
  return parse(files.sort((a, b) => (a.path < b.path ? -1 : 1)));
}

/** Test support: a snapshot from inline command outputs, `{ host: { 'ip-route.txt': '...' } }`. */
export function modelFromText(hosts: Record<string, Record<string, string>>): SnapshotModel {
  const files: SnapshotFile[] = [];
  for (const [host, own] of Object.entries(hosts)) {
    for (const [name, content] of Object.entries(own)) files.push({ path: `hosts/${host}/${name}`, content });
  }
  return parse(files);
}

/** `iptables-save` text of one table from its chains and rules. */
export function iptablesSave(table: string, chains: Record<string, string>, rules: readonly string[]): string {
  const lines = [`*${table}`, ...Object.entries(chains).map(([name, policy]) => `:${name} ${policy} [0:0]`), ...rules, 'COMMIT'];
  return `${lines.join('\n')}\n`;
}
