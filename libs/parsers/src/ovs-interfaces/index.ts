export { parseOvsInterfacesJson } from './parse-ovs-interfaces-json';
