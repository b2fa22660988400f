import { runGoldens } from '../testing/golden';
import { parseIpLinkText } from './index';

runGoldens('ip-link-text', parseIpLinkText);
