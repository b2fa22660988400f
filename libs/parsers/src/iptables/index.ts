export { parseIptablesS } from './parse-iptables-s';
export { parseIptablesSave, type IptablesSaveOptions } from './parse-iptables-save';
