import DataLoader from 'dataloader';
import type { ChainRecord, HostRecord, Page, RuleRecord, SnapshotCaptured, SnapshotRepository } from '@hookpath/data-access';
import type { OvnTopologySource } from '../ovn/ovn-view';
import type { SnapshotViews } from '../snapshot-views';

/** The repository calls the loaders batch; SnapshotRepository implements them. */
export type SnapshotBatchReader = Pick<
  SnapshotRepository,
  'hostsBySnapshotIds' | 'capturedBySnapshotIds' | 'chainsByHostIds' | 'rulesByChainIds'
>;

/** The OVN view of snapshots (SnapshotViews implements it). */
export type OvnViewReader = Pick<SnapshotViews, 'ovn'>;

/**
 * DataLoaders of one GraphQL request: every `hosts` of every snapshot in the response is one
 * query, every `captured` one query, every `chains` of every host one query, and every
 * `rules(first, after)` page of every chain one query per distinct (first, after); every `ovn` of
 * a snapshot is one read of its cached OVN view, however often the request asks for it.
 */
export class RequestLoaders {
  readonly hostsBySnapshot: DataLoader<string, HostRecord[]>;
  readonly capturedBySnapshot: DataLoader<string, SnapshotCaptured>;
  readonly chainsByHost: DataLoader<string, ChainRecord[]>;
  readonly ovnBySnapshot: DataLoader<string, OvnTopologySource | null>;
  private readonly rulePages = new Map<string, DataLoader<string, Page<RuleRecord>>>();

  constructor(
    private readonly reader: SnapshotBatchReader,
    ovn: OvnViewReader | null = null,
  ) {
    this.hostsBySnapshot = new DataLoader((ids) => reader.hostsBySnapshotIds(ids));
    this.capturedBySnapshot = new DataLoader((ids) => reader.capturedBySnapshotIds(ids));
    this.chainsByHost = new DataLoader((ids) => reader.chainsByHostIds(ids));
    this.ovnBySnapshot = new DataLoader((ids) => Promise.all(ids.map((id) => (ovn === null ? Promise.resolve(null) : ovn.ovn(id)))));
  }

  /** The loader of rule pages for one page window; chains asking for the same window share a query. */
  rulesByChain(first: number, after: string | null): DataLoader<string, Page<RuleRecord>> {
    const key = `${first}\u0000${after ?? ''}`;
    let loader = this.rulePages.get(key);
    if (loader === undefined) {
      loader = new DataLoader((ids) => this.reader.rulesByChainIds(ids, first, after));
      this.rulePages.set(key, loader);
    }
    return loader;
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
