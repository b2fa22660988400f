import { runGoldens } from '../testing/golden';
import { parseIpRuleText } from './index';

runGoldens('ip-rule-text', parseIpRuleText);
