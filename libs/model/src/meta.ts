export type HostRole = 'node' | 'pod' | 'gateway' | 'external';

export interface HostMeta {
  role?: HostRole;
  /** For a pod or gateway: the node host it runs on. */
  node?: string;
  notes?: string;
}

export interface SnapshotMeta {
  name?: string;
  cluster?: string;
  /** RFC 3339. */
  capturedAt?: string;
  description?: string;
  /**
   * The collector replaced names (not addresses) with placeholders across every file: how many
   * distinct names of each kind (`kubectl hookpath collect --redact`).
   */
  redacted?: RedactedNames;
}

/** snapshot.yaml `redacted`: how many names of each kind were replaced (node-<n>, ns-<n>, pod-<n>, name-<n>). */
export interface RedactedNames {
  nodes?: number;
  namespaces?: number;
  pods?: number;
  names?: number;
}
