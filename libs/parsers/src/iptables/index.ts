export { parseIptablesS } from './parse-iptables-s';
export { parseIptablesSave } from './parse-iptables-save';
