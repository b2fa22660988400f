import type { DropReason } from '../trace/trace';
import type { FibRoute, FibRule } from './fib';
import type { RejectType } from './fib-lookup';

/** Where a routed packet goes next. */
export interface Egress {
  dev: string;
  gateway: string | null;
  /** rt_nexthop: the gateway, or the destination itself for a directly connected route. */
  nexthop: string;
  route: FibRoute;
  rule: FibRule;
  /** Every usable path of a multipath route (`via X dev Y`), the chosen one at `chosen`. */
  paths: string[];
  chosen: number;
}

export type RouteFailure =
  /** `lookupFailed`: no route matched at all (ENETUNREACH: ip_error answers network unreachable). */
  { kind: 'drop'; reason: DropReason; explanation: string; lookupFailed?: true } | { kind: 'unknown'; reason: string; explanation: string };

export function rejectReason(type: RejectType): DropReason {
  switch (type) {
    case 'blackhole':
      return 'BLACKHOLE';
    case 'unreachable':
      return 'UNREACHABLE';
    case 'prohibit':
      return 'PROHIBIT';
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

export function describePaths(egress: Egress): string {
  if (egress.paths.length < 2) return '';
  return `; multipath, ${egress.paths.length} paths (${egress.paths.map((p, i) => `${i + 1}: ${p}`).join(', ')}), taking path ${egress.chosen + 1}`;
}
