import { runGoldens } from '../testing/golden';
import { parseIpAddrText } from './index';

runGoldens('ip-addr-text', parseIpAddrText);
