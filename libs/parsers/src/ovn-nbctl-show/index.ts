export { parseOvnNbctlShow, type OvnNbctlShow } from './parse-ovn-nbctl-show';
export { buildOvnNorthbound, type OvnFile } from './build-northbound';
