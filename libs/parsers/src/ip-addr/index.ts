export { parseIpAddrJson } from './parse-ip-addr-json';
export { parseIpAddrText } from './parse-ip-addr-text';
export { mergeLinkDetails } from './merge-link-details';
