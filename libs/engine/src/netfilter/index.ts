export * from '../packet/hooks';
export * from './hook-priorities';
export * from './conntrack-required';
export * from './table-evaluation';
export type { CompileCounts, CompiledNetfilter, CompileOptions } from './compiled-types';
export { compileNetfilter } from './compile-netfilter';
export { ChainIndexPool } from './chain-index';
export { evaluateTable, natConsulted, tablePriority, type EvaluateOptions } from './evaluate-table';
