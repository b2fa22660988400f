export { parseBridgeFdbJson } from './parse-bridge-fdb-json';
