import type { ComplexityEstimatorArgs } from '@nestjs/graphql';

/** How many items a `first` argument may ask for, and how many it gets when left out. */
export interface PageLimit {
  defaultSize: number;
  maxSize: number;
}

/** Snapshot and rule pages: the repository's own window (data-access DEFAULT_PAGE_SIZE / MAX_PAGE_SIZE). */
export const CONNECTION_PAGE: PageLimit = { defaultSize: 20, maxSize: 100 };
/** Plain lists cut by `first` (ipset members, conntrack entries). */
export const LIST_PAGE: PageLimit = { defaultSize: 100, maxSize: 1000 };
/** OVN lists cut by `first` (switches, their ports, routers, NAT rows, ACLs, ...): nested two deep, so a smaller default. */
export const OVN_PAGE: PageLimit = { defaultSize: 50, maxSize: 1000 };

/** `first` clamped to 1..max; missing or null gives the default. */
export function clampFirst(first: number | null | undefined, limit: PageLimit): number {
  if (first === null || first === undefined || !Number.isFinite(first)) return limit.defaultSize;
  return Math.min(limit.maxSize, Math.max(1, Math.trunc(first)));
}

/** Cost of a field cut by `first`: every one of the (clamped) `first` items costs what its selection costs. */
export function pagedCost(limit: PageLimit) {
  return ({ args, childComplexity }: ComplexityEstimatorArgs): number => {
    const first = typeof args['first'] === 'number' ? args['first'] : null;
    return 1 + clampFirst(first, limit) * childComplexity;
  };
}
