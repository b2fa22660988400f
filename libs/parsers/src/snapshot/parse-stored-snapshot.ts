import type { SnapshotFile, SnapshotModel } from '@hookpath/model';
import { parseSnapshot } from './parse-snapshot';

/** A stored snapshot's files no longer read without errors (a parser that changed since the upload). */
export class StoredSnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoredSnapshotError';
  }
}

/**
 * The model of a snapshot whose files were read in full when it was stored: rules are read only as
 * far as their chain, and each chain's rules when a trace or a query first reaches them, so a
 * cluster's millions of rules are neither parsed twice nor held parsed. Null for null (no such
 * snapshot).
 */
export function parseStoredSnapshot(files: readonly SnapshotFile[] | null): SnapshotModel | null {
  if (files === null) return null;
  const { model, errors } = parseSnapshot(files, { iptablesRules: 'unchecked' });
  const first = errors[0];
  if (first !== undefined) {
    throw new StoredSnapshotError(
      `the stored snapshot no longer reads: ${errors.length} problem(s); first: ${first.file}:${first.line}:${first.column}: ${first.message}`,
    );
  }
  return model;
}
