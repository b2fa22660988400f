export { parseOvnSbctlShow } from './parse-ovn-sbctl-show';
