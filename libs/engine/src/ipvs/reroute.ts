import { dropPhrase } from '../walk/drop-phrase';
import type { HostPass } from '../walk/host-pass';
import { protoNumber } from '../walk/protocol';
import { addStep, dropped, multipathChoice, unknown, type Outcome, type Walk } from '../walk/walk';
import { addressType } from '../netfilter/environment';
import { routeOutput, type OutputDecision } from '../routing/route-output';

/** routeOutput appends a note for a source that is not the host's own; IPVS-forwarded packets carry such sources by design. */
const withoutSourceNote = (text: string): string => text.replace(/; note: \S+ is not an address of .*$/, '');

/**
 * An output route lookup for a packet IPVS handles. `src` null lets the kernel choose (IPVS's own
 * lookup to the real server, do_output_route4); `mark` 0 for that lookup, which sets only daddr.
 */
export function lookupOutput(walk: Walk, pass: HostPass, dst: string, src: string | null, mark: number): OutputDecision {
  const node = pass.node;
  const p = pass.packet;
  if (node.fib === null)
    return { kind: 'unknown', reason: `hosts/${node.host.name}/ip-route.* was not captured`, explanation: 'routes not captured' };
  return routeOutput(node.host, node.fib, {
    src,
    dst,
    mark,
    proto: protoNumber(p.proto),
    sport: p.sport,
    dport: p.dport,
    tos: p.tos,
    oif: null,
    multipath: multipathChoice(walk, node.host.name),
  });
}

/**
 * ip_route_me_harder (net/ipv4/netfilter.c): the packet gets a new route from its current header
 * and mark. The source stays in the lookup when it is a local or unicast address
 * (inet_addr_type_dev_table; FLOWI_FLAG_ANYSRC lets a forwarded client's address through),
 * otherwise 0; the packet's own source is never rewritten. `addrType` LOCAL forces the source in
 * (ip_vs_route_me_harder passes RTN_LOCAL for the virtual address).
 */
export function routeMeHarder(walk: Walk, pass: HostPass, why: string, addrType?: 'LOCAL'): Outcome | null {
  const host = pass.node.host.name;
  const p = pass.packet;
  const type = addrType ?? addressType(pass.node.host, pass.node.fib, p.src);
  const keep = type === 'LOCAL' || type === 'UNICAST';
  const decision = lookupOutput(walk, pass, p.dst, keep ? p.src : null, p.mark);
  const prefix = `re-routed (ip_route_me_harder) ${why}, with source ${keep ? p.src : '0.0.0.0'} and mark ${p.mark === 0 ? '0' : `0x${p.mark.toString(16)}`}: `;
  switch (decision.kind) {
    case 'unknown':
      return unknown(walk, host, 'routing', decision.reason, p, `${prefix}${decision.explanation}`);
    case 'drop':
      addStep(walk, host, 'routing', p, `${prefix}${decision.explanation}`);
      return dropped(walk, host, decision.reason, p, dropPhrase(decision.reason));
    case 'local':
      pass.outIface = 'lo';
      pass.nexthop = p.dst;
      addStep(walk, host, 'routing', p, `${prefix}${withoutSourceNote(decision.explanation)}`, { iface: 'lo' });
      return null;
    case 'out':
      pass.outIface = decision.egress.dev;
      pass.nexthop = decision.egress.nexthop;
      addStep(walk, host, 'routing', p, `${prefix}${withoutSourceNote(decision.explanation)}`, { iface: decision.egress.dev });
      return null;
    case 'broadcast':
      return unknown(walk, host, 'routing', `a broadcast route for ${p.dst}`, p, `${prefix}${decision.explanation}`);
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}
