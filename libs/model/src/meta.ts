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
}
