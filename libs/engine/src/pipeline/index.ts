export type { CompiledHost, CompiledSnapshot, NetfilterBackend } from '../walk/compiled';
export { compileWith } from '../walk/compiled';
export * from '../trace/trace-request-error';
export type { Place } from './place';
export { parsePlace } from './place';
