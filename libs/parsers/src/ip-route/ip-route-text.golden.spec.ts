import { runGoldens } from '../testing/golden';
import { parseIpRouteText } from './index';

runGoldens('ip-route-text', parseIpRouteText);
