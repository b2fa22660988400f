export { parseNeighJson } from './parse-neigh-json';
