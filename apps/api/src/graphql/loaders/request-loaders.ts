import DataLoader from 'dataloader';
import type { ChainRecord, HostRecord, Page, RuleRecord, SnapshotRepository } from '@hookpath/data-access';

/** The repository calls the loaders batch; SnapshotRepository implements them. */
export type SnapshotBatchReader = Pick<SnapshotRepository, 'hostsBySnapshotIds' | 'chainsByHostIds' | 'rulesByChainIds'>;

/**
 * DataLoaders of one GraphQL request: every `hosts` of every snapshot in the response is one
 * query, every `chains` of every host one query, and every `rules(first, after)` page of every
 * chain one query per distinct (first, after).
 */
export class RequestLoaders {
  readonly hostsBySnapshot: DataLoader<string, HostRecord[]>;
  readonly chainsByHost: DataLoader<string, ChainRecord[]>;
  private readonly rulePages = new Map<string, DataLoader<string, Page<RuleRecord>>>();

  constructor(private readonly reader: SnapshotBatchReader) {
    this.hostsBySnapshot = new DataLoader((ids) => reader.hostsBySnapshotIds(ids));
    this.chainsByHost = new DataLoader((ids) => reader.chainsByHostIds(ids));
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

  constructor(private readonly reader: SnapshotBatchReader) {}

  of(context: object): RequestLoaders {
    let loaders = this.byContext.get(context);
    if (loaders === undefined) {
      loaders = new RequestLoaders(this.reader);
      this.byContext.set(context, loaders);
    }
    return loaders;
  }
}
