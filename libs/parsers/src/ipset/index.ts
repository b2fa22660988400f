export { parseIpset } from './parse-ipset';
