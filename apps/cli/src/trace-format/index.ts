export * from './colour';
export * from './format-trace-text';
export * from './packet-changes';
