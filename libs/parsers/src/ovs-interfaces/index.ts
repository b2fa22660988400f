export { parseOvsInterfacesJson, type OvsInterface } from './parse-ovs-interfaces-json';
