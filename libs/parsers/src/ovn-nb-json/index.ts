export { parseOvnNbJson, type OvsdbTableDump } from './parse-ovn-nb-json';
