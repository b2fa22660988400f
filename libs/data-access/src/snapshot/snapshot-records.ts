import type {
  Counters,
  Host,
  IptablesRuleset,
  IptablesTableName,
  ParseIssue,
  RuleMatch,
  RuleTarget,
  SnapshotMeta,
  Topology,
} from '@hookpath/model';

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

export interface SnapshotFileContent extends SnapshotFileRecord {
  content: string;
}

/** Header of a host's iptables ruleset; chains and rules are read separately. */
export interface IptablesHeader {
  format: IptablesRuleset['format'];
  backend?: 'nf_tables' | 'legacy';
  version?: string;
  tables: IptablesTableName[];
}

/**
 * A host as stored: the model's Host, with its row's identity, and only the header of its iptables
 * ruleset (chains and rules are rows of their own).
 */
export type HostRecord = Omit<Host, 'iptables'> & {
  id: string;
  snapshotId: string;
  ordinal: number;
  iptables: IptablesHeader | null;
};

export interface ChainRecord {
  id: string;
  hostId: string;
  table: IptablesTableName;
  name: string;
  builtin: boolean;
  policy: 'ACCEPT' | 'DROP' | null;
  counters?: Counters;
  /** Position of the chain in its host's ruleset (tables in order, chains in order). */
  ordinal: number;
}

export interface RuleRecord {
  id: string;
  chainId: string;
  hostId: string;
  table: IptablesTableName;
  chain: string;
  position: number;
  text: string;
  line: number;
  counters?: Counters;
  matches: RuleMatch[];
  target: RuleTarget | null;
}

/** The NAT targets `natRulesByHostIds` returns. */
export const NAT_TARGETS = ['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT'] as const;
