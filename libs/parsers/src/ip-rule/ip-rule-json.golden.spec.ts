import { runGoldens } from '../testing/golden';
import { parseIpRuleJson } from './index';

runGoldens('ip-rule-json', parseIpRuleJson);
