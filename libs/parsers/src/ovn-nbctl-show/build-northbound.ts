// The northbound builder reads every ovn/ source; it lives in ../ovn-northbound.
export { buildOvnNorthbound, type BuiltNorthbound, type OvnFile } from '../ovn-northbound';
