import { runGoldens } from '../testing/golden';
import { parseIpRouteJson } from './index';

runGoldens('ip-route-json', parseIpRouteJson);
