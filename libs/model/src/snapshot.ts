import type { Host } from './host';
import type { KubeObject } from './kube';
import type { SnapshotMeta } from './meta';
import type { OvnNorthbound } from './ovn';
import type { ParseIssue } from './parse-issue';
import type { Topology } from './topology';

/** The parsed content of a snapshot folder (see SNAPSHOT-LAYOUT.md). */
export interface SnapshotModel {
  meta: SnapshotMeta;
  topology: Topology;
  hosts: Host[];
  /** Files kept raw for now (ovn/, k8s/), by path. */
  rawOnly: string[];
  /** The OVN northbound database from ovn/ (absent or null when the snapshot has none). */
  ovn?: OvnNorthbound | null;
  /** Kubernetes objects from k8s/ (absent when the snapshot has no k8s/ files: not captured). */
  kube?: KubeObject[];
  /** Files that are not part of the layout, ignored with a warning. */
  warnings: ParseIssue[];
}

/** One file of a snapshot as uploaded or read from disk. */
export interface SnapshotFile {
  /** Relative path with `/` separators, no leading `./`. */
  path: string;
  /** Its text; a stored file's (snapshot-io's unpackFile) is inflated each time it is read: read it once. */
  content: string;
  /**
   * The same lines, read again from the file as stored (snapshot-io's unpackFile): a parser that
   * reads some lines later (an iptables chain's rules when a trace first reaches it) keeps this
   * instead of `content`, so the text is not held twice: once compressed is enough.
   */
  storedLines?: StoredLines;
}

/** A file's lines, one at a time, without its whole text in memory. */
export interface StoredLines {
  /** The lines splitLines gives of the content. */
  readonly count: number;
  /** Line `index` (0-based) without its `\n` or `\r\n`. */
  line(index: number): string;
}

/** A snapshot file as stored: its text gzipped, with the size and sha256 of the text. */
export interface PackedSnapshotFile {
  path: string;
  /** Bytes of the UTF-8 text. */
  size: number;
  /** sha256 of the UTF-8 text, hex. */
  sha256: string;
  gzipped: Uint8Array<ArrayBuffer>;
}
