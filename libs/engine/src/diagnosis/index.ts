export * from './stale-conntrack';
export * from './rp-filter-asymmetric';
export * from './reply-mismatch';
