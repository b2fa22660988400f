import { runGoldens } from '../testing/golden';
import { parseIpLinkJson } from './index';

runGoldens('ip-link-json', parseIpLinkJson);
