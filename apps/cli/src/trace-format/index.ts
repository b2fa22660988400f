export * from './colour';
export * from './format-branches';
export * from './format-trace-text';
export * from './packet-changes';
