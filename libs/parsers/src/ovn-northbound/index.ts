export { buildOvnNorthbound, type BuiltNorthbound } from './build-northbound';
export type { OvnFile } from './collect-sources';
