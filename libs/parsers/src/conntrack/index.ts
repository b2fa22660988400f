export { parseConntrack } from './parse-conntrack';
