export { parseOvnMatch, type OvnMatchParse } from './parse-ovn-match';
export { parseOvnMatchLines, type OvnMatchLine } from './parse-ovn-match-lines';
