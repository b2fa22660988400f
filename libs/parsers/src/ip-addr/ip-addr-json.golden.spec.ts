import { runGoldens } from '../testing/golden';
import { parseIpAddrJson } from './index';

runGoldens('ip-addr-json', parseIpAddrJson);
