import DataLoader from 'dataloader';
import type { HostRecord, SnapshotCaptured, SnapshotRepository } from '@hookpath/data-access';
import type { OvnTopologySource } from '../ovn/ovn-view';
import type { SnapshotViews } from '../snapshot-views';

/** The repository calls the loaders batch; SnapshotRepository implements them. */
export type SnapshotBatchReader = Pick<SnapshotRepository, 'hostsBySnapshotIds' | 'capturedBySnapshotIds'>;

/** The OVN view of snapshots (SnapshotViews implements it). */
export type OvnViewReader = Pick<SnapshotViews, 'ovn'>;

/**
 * DataLoaders of one GraphQL request: every `hosts` of every snapshot in the response is one
 * query and every `captured` one query; every `ovn` of a snapshot is one read of its cached OVN
 * view, however often the request asks for it. Chains and rules come from the cached model
 * (SnapshotViews), which reads a snapshot's files once.
 */
export class RequestLoaders {
  readonly hostsBySnapshot: DataLoader<string, HostRecord[]>;
  readonly capturedBySnapshot: DataLoader<string, SnapshotCaptured>;
  readonly ovnBySnapshot: DataLoader<string, OvnTopologySource | null>;

  constructor(reader: SnapshotBatchReader, ovn: OvnViewReader | null = null) {
    this.hostsBySnapshot = new DataLoader((ids) => reader.hostsBySnapshotIds(ids));
    this.capturedBySnapshot = new DataLoader((ids) => reader.capturedBySnapshotIds(ids));
    this.ovnBySnapshot = new DataLoader((ids) => Promise.all(ids.map((id) => (ovn === null ? Promise.resolve(null) : ovn.ovn(id)))));
  }
}

/** Per-request loaders keyed by the request's GraphQL context object. */
export class RequestLoadersRegistry {
  private readonly byContext = new WeakMap<object, RequestLoaders>();

  constructor(
    private readonly reader: SnapshotBatchReader,
    private readonly ovn: OvnViewReader | null = null,
  ) {}

  of(context: object): RequestLoaders {
    let loaders = this.byContext.get(context);
    if (loaders === undefined) {
      loaders = new RequestLoaders(this.reader, this.ovn);
      this.byContext.set(context, loaders);
    }
    return loaders;
  }
}
