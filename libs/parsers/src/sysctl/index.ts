export { parseSysctl } from './parse-sysctl';
