export { buildOvnNorthbound, type BuiltNorthbound } from './build-northbound';
export { OVN_TABLES, type OvnFile } from './collect-sources';
