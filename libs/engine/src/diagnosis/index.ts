export * from './stale-conntrack';
export * from './rp-filter-asymmetric';
export * from './reply-mismatch';
export * from './kube-annotations';
export * from './diagnose';
export * from './round-trip';
