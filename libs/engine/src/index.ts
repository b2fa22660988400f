export * from './netfilter/hooks';
export * from './netfilter/hook-priorities';
export * from './netfilter/conntrack-required';
export * from './views/hook-paths';
export * from './views/nat-table';
