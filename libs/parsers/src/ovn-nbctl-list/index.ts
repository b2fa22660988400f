export { parseOvnNbctlList, type OvsdbRecord } from './parse-ovn-nbctl-list';
export { parseOvsdbValue, atomOf, itemsOf, mapOf, type OvsdbValue } from './ovsdb-value';
