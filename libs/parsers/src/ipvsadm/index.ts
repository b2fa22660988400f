export { parseIpvsadm } from './parse-ipvsadm';
