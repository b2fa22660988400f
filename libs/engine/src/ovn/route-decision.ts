import { parseIpv4, prefixContains } from '../net/ipv4';
import type { CompiledRouter, RouterPortRef } from './compiled-ovn';

/** The route decision: reg0 (next hop), the output port and its address (reg1). */
export interface RouteDecision {
  nexthop: string;
  outport: RouterPortRef;
  text: string;
}

/** The port that reaches `nexthop` on one of its networks. */
export function portReaching(lr: CompiledRouter, nexthop: string): RouterPortRef | undefined {
  const a = parseIpv4(nexthop);
  if (a === null) return undefined;
  return [...lr.ports.values()].find((p) => p.networks.some((n) => prefixContains(n.prefix, a)));
}
