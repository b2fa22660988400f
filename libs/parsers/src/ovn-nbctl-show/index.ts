export { parseOvnNbctlShow, type OvnNbctlShow } from './parse-ovn-nbctl-show';
