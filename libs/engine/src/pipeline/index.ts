export type { CompiledHost, CompiledSnapshot, NetfilterBackend } from './compiled';
export { compileWith } from './compiled';
export * from '../trace/trace-request-error';
export type { Place } from './place';
export { parsePlace } from './place';
