export { parseIpRuleJson } from './parse-ip-rule-json';
export { parseIpRuleText } from './parse-ip-rule-text';
