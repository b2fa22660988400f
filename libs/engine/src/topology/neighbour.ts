import type { Endpoint, Host, Segment } from '@hookpath/model';
import { parseIpv4 } from '../net/ipv4';
import { addressOwner, findInterface, inetSelectAddr, ipv4AddressesOf } from '../routing/addresses';
import { addressType } from '../routing/environment';
import { SCOPE_LINK, type Fib } from '../routing/fib';
import { routeInput } from '../routing/route-input';
import { maxConf, orConf } from '../routing/sysctl';

export interface NeighbourHost {
  host: Host;
  fib: Fib | null;
}

export type NeighbourResult =
  | { kind: 'found'; to: Endpoint; explanation: string }
  /** The neighbour entry names a MAC that no modelled interface has: the frame leaves the snapshot. */
  | { kind: 'outside'; explanation: string }
  | { kind: 'none'; explanation: string };

const UNUSABLE = new Set(['FAILED', 'INCOMPLETE']);

/**
 * arp_solicit's sender address: the packet's source when it is local (arp_announce 0; 1 also
 * wants it on-link with the target), else inet_select_addr(dev, target, RT_SCOPE_LINK).
 */
function arpSource(sender: NeighbourHost, iface: string, target: number, packetSrc: string): string | null {
  const announce = maxConf(sender.host, iface, 'arp_announce').value;
  const src = parseIpv4(packetSrc);
  if (src !== null && announce !== 2 && addressType(sender.host, sender.fib, packetSrc) === 'LOCAL') {
    if (announce === 0) return packetSrc;
    const dev = findInterface(sender.host, iface);
    const onlink = dev !== undefined && ipv4AddressesOf(dev).some((a) => ((a.value ^ target) & a.prefix.mask) === 0 && ((a.value ^ src) & a.prefix.mask) === 0);
    if (onlink) return packetSrc;
  }
  return inetSelectAddr(sender.host, iface, target, SCOPE_LINK)?.address ?? null;
}

interface ArpAnswer {
  answers: boolean;
  explanation: string;
}

/**
 * arp_process for a request arriving on `iface`: the target must route locally (or be proxied
 * with proxy_arp), which runs fib_validate_source on the sender address, so strict rp_filter
 * silences the reply for an asymmetric sender (oracle fact 11); arp_ignore 1 wants the target on
 * the receiving interface itself.
 */
function arpAnswer(receiver: NeighbourHost, iface: string, target: string, sip: string | null): ArpAnswer {
  const where = `${receiver.host.name}:${iface}`;
  const tip = parseIpv4(target) ?? 0;
  const owner = addressOwner(receiver.host, tip);
  if (sip === null || sip === '0.0.0.0') {
    return owner !== null ? { answers: true, explanation: `${where} answers the ARP probe for ${target}` } : { answers: false, explanation: `${where} does not own ${target}` };
  }
  if (receiver.fib === null) {
    return owner !== null ? { answers: true, explanation: `${where} owns ${target}` } : { answers: false, explanation: `${where} does not own ${target}` };
  }
  const decision = routeInput(receiver.host, receiver.fib, { src: sip, dst: target, iif: iface, mark: 0, proto: 0, sport: 0, dport: 0, tos: 0, multipath: 0 });
  if (decision.kind === 'local') {
    const ignore = maxConf(receiver.host, iface, 'arp_ignore').value;
    if (ignore >= 1 && owner?.iface !== iface) return { answers: false, explanation: `${where}: ${target} is not on ${iface} and arp_ignore = ${ignore}` };
    return { answers: true, explanation: `${where} answers ARP for ${target} (request from ${sip})` };
  }
  if (decision.kind === 'source-invalid') {
    return { answers: false, explanation: `${where} drops the ARP request for ${target} from ${sip}: ${decision.rp.explanation}` };
  }
  if (decision.kind === 'forward' && decision.egress.dev !== iface && orConf(receiver.host, iface, 'proxy_arp')) {
    return { answers: true, explanation: `${where} answers ARP for ${target} by proxy_arp (routed out ${decision.egress.dev})` };
  }
  return { answers: false, explanation: `${where} does not answer ARP for ${target}` };
}

/**
 * Neighbour resolution on an L2 segment: the sender's neighbour table first (a usable entry's MAC
 * names the member that receives the frame), else an ARP request that the member owning the next
 * hop answers.
 */
export function resolveNeighbour(
  hosts: (name: string) => NeighbourHost | undefined,
  sender: NeighbourHost,
  iface: string,
  segment: Segment,
  nexthop: string,
  packetSrc: string,
): NeighbourResult {
  const others = segment.members.filter((m) => !(m.host === sender.host.name && m.iface === iface));
  const entry = (sender.host.neighbours ?? []).find((n) => n.dst === nexthop && n.dev === iface && n.lladdr !== undefined && !n.state.some((s) => UNUSABLE.has(s)));
  if (entry?.lladdr !== undefined) {
    const mac = entry.lladdr.toLowerCase();
    const macs = others.map((m) => {
      const other = hosts(m.host);
      return { m, mac: other === undefined ? undefined : findInterface(other.host, m.iface)?.mac };
    });
    const owner = macs.find((x) => x.mac === mac);
    const how = `neighbour entry ${nexthop} lladdr ${mac} ${entry.state.join(',')} on ${iface}`;
    if (owner !== undefined) return { kind: 'found', to: owner.m, explanation: `${how}: ${owner.m.host}:${owner.m.iface} on segment ${segment.name}` };
    if (macs.every((x) => x.mac !== undefined)) {
      return { kind: 'outside', explanation: `${how}: no modelled member of segment ${segment.name} has that MAC; the frame leaves the snapshot` };
    }
  }
  const target = parseIpv4(nexthop);
  if (target === null) return { kind: 'none', explanation: `next hop ${nexthop} is not IPv4` };
  const sip = arpSource(sender, iface, target, packetSrc);
  const candidates = others
    .map((m) => ({ m, nh: hosts(m.host) }))
    .filter((c): c is { m: Endpoint; nh: NeighbourHost } => c.nh !== undefined)
    .map((c) => ({ ...c, owner: addressOwner(c.nh.host, target) }))
    .filter((c) => c.owner !== null || orConf(c.nh.host, c.m.iface, 'proxy_arp'))
    .sort((a, b) => Number(b.owner?.iface === b.m.iface) - Number(a.owner?.iface === a.m.iface));
  const refusals: string[] = [];
  for (const c of candidates) {
    const answer = arpAnswer(c.nh, c.m.iface, nexthop, sip);
    if (answer.answers) return { kind: 'found', to: c.m, explanation: `ARP who-has ${nexthop} tell ${sip ?? '0.0.0.0'} on segment ${segment.name}: ${answer.explanation}` };
    refusals.push(answer.explanation);
  }
  const why = refusals.length > 0 ? refusals.join('; ') : `no member of segment ${segment.name} owns ${nexthop}`;
  return { kind: 'none', explanation: `ARP who-has ${nexthop} tell ${sip ?? '0.0.0.0'} on segment ${segment.name} gets no answer: ${why}` };
}
