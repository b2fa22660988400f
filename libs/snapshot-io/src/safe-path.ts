import { SnapshotInputError } from './snapshot-input-error';

/** Half of a UTF-16 surrogate pair without its other half: no UTF-8 text (nor Postgres) can hold it. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Normalises a path inside a snapshot: `/` separators, no leading `./`, and refuses absolute
 * paths, `..` segments, drive letters, NUL bytes and lone surrogates. Returns null for the archive's root itself.
 */
export function safeRelativePath(raw: string): string | null {
  const unsafe = (why: string): never => {
    throw new SnapshotInputError('UNSAFE_PATH', `unsafe path ${JSON.stringify(raw)}: ${why}`, [
      { file: raw, line: 0, column: 0, message: why, text: '' },
    ]);
  };
  if (raw.includes('\0')) unsafe('it contains a NUL byte');
  if (LONE_SURROGATE.test(raw)) unsafe('it is not well-formed Unicode (a lone UTF-16 surrogate)');
  const path = raw.replace(/\\/g, '/');
  if (path.startsWith('/')) unsafe('absolute paths are not allowed');
  if (/^[A-Za-z]:/.test(path)) unsafe('drive letters are not allowed');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) unsafe('".." segments are not allowed');
  return parts.length === 0 ? null : parts.join('/');
}

/**
 * A `.tar.gz` of a snapshot folder usually holds one top-level directory (`snap/hosts/...`).
 * When every path shares a first segment that is not itself part of the layout, it is dropped.
 */
export function stripCommonRoot(paths: string[]): (path: string) => string {
  const layoutRoots = new Set(['hosts', 'ovn', 'k8s', 'snapshot.yaml', 'topology.yaml']);
  const firsts = new Set(paths.map((p) => p.split('/')[0] ?? ''));
  const [only] = [...firsts];
  if (firsts.size !== 1 || only === undefined || layoutRoots.has(only) || paths.some((p) => !p.includes('/'))) {
    return (p) => p;
  }
  return (p) => p.slice(only.length + 1);
}
