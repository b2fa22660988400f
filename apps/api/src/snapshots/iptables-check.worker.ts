import type { PackedSnapshotFile } from '@hookpath/model';
import { parseIptablesSave } from '@hookpath/parsers';
import { packFile } from '@hookpath/snapshot-io';

/** An uploaded file with its fileSha256 (computed once, for the content hash). */
export interface HashedFile {
  path: string;
  content: string;
  sha256: string;
}

/** iptables-save files to read in full, for their errors, and to pack for storing. */
export interface IptablesCheckTask {
  files: HashedFile[];
}

export interface IptablesCheckResult {
  /** Errors the full read of the files reports. */
  errors: number;
  /** The files as stored; empty when there are errors (nothing is stored). */
  packed: PackedSnapshotFile[];
}

/** Runs on a thread of IptablesCheckPool. */
export function checkIptablesFiles(task: IptablesCheckTask): IptablesCheckResult {
  let errors = 0;
  for (const file of task.files) errors += parseIptablesSave(file.content, file.path, { rules: 'lazy' }).errors.length;
  return { errors, packed: errors === 0 ? task.files.map((file) => packFile(file, file.sha256)) : [] };
}
