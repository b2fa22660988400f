export * from './ct-view';
export * from './connection';
export * from './conntrack-table';
export * from './track';
export * from './nat-binding';
