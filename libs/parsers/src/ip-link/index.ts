export { parseIpLinkJson } from './parse-ip-link-json';
export { parseIpLinkText } from './parse-ip-link-text';
