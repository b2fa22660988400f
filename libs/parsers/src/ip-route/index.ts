export { parseIpRouteJson } from './parse-ip-route-json';
export { parseIpRouteText } from './parse-ip-route-text';
