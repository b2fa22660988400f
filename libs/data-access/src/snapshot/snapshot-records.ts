import type { Host, IptablesRuleset, IptablesTableName, ParseIssue, SnapshotMeta, Topology } from '@hookpath/model';

/** A stored snapshot without its hosts' content. */
export interface SnapshotRecord {
  id: string;
  name: string;
  cluster: string | null;
  /** As written in snapshot.yaml (RFC 3339), when it was. */
  capturedAt: string | null;
  description: string | null;
  contentHash: string;
  fileCount: number;
  totalBytes: number;
  meta: SnapshotMeta;
  topology: Topology;
  warnings: ParseIssue[];
  rawOnly: string[];
  /** Host names in snapshot order. */
  hostNames: string[];
  createdAt: Date;
}

export interface SnapshotFileRecord {
  path: string;
  /** Bytes of the UTF-8 text. */
  size: number;
  sha256: string;
}

/** Header of a host's iptables ruleset; its chains and rules are read from the stored file. */
export interface IptablesHeader {
  format: IptablesRuleset['format'];
  backend?: 'nf_tables' | 'legacy';
  version?: string;
  tables: IptablesTableName[];
}

/**
 * A host as stored: the model's Host, with its row's identity, and only the header of its iptables
 * ruleset (its chains and rules are in the stored iptables file, read with the model).
 */
export type HostRecord = Omit<Host, 'iptables'> & {
  id: string;
  snapshotId: string;
  ordinal: number;
  iptables: IptablesHeader | null;
};
