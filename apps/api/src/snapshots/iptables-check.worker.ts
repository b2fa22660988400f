import type { PackedSnapshotFile } from '@hookpath/model';
import { parseIptablesSave } from '@hookpath/parsers';
import { packFile } from '@hookpath/snapshot-io';

/** iptables-save files to read in full, for their errors, and to pack for storing. */
export interface IptablesCheckTask {
  files: { path: string; content: string }[];
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
  return { errors, packed: errors === 0 ? task.files.map(packFile) : [] };
}
