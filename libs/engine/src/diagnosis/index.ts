export * from '../pipeline/stale-conntrack';
export * from '../routing/rp-filter-asymmetric';
export * from './reply-mismatch';
export * from '../netfilter/kube-annotations';
export * from './diagnose';
export * from './round-trip';
