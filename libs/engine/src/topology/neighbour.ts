import type { Endpoint, Host, Neighbour, Segment } from '@hookpath/model';
import { parseIpv4 } from '../net/ipv4';
import { addressOwner, findInterface, inetSelectAddr, ipv4AddressesOf, type Ipv4Address } from '../routing/addresses';
import { addressType } from '../netfilter/environment';
import { SCOPE_LINK, type Fib } from '../routing/fib';
import { routeInput } from '../routing/route-input';
import { routeOutput } from '../routing/route-output';
import { maxConf, orConf } from '../routing/sysctl';
import { bridgeOf, bridgeReach } from './bridge';
import { macvlanBlock } from './macvlan';
import type { Wiring } from './wiring';

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
    const onlink =
      dev !== undefined &&
      ipv4AddressesOf(dev).some((a) => ((a.value ^ target) & a.prefix.mask) === 0 && ((a.value ^ src) & a.prefix.mask) === 0);
    if (onlink) return packetSrc;
  }
  return inetSelectAddr(sender.host, iface, target, SCOPE_LINK)?.address ?? null;
}

interface ArpAnswer {
  answers: boolean;
  explanation: string;
}

/** arp_ignore (IN_DEV_MAXCONF): which requests for a local target the interface answers. */
function ignoreReason(receiver: NeighbourHost, iface: string, tip: number, sip: number, target: string): string | null {
  const ignore = maxConf(receiver.host, iface, 'arp_ignore').value;
  if (ignore === 8) return `arp_ignore = 8 on ${iface}: no ARP answers at all`;
  if (ignore !== 1 && ignore !== 2) return null;
  const dev = findInterface(receiver.host, iface);
  const own = dev === undefined ? [] : ipv4AddressesOf(dev).filter((a) => a.value === tip);
  if (own.length === 0) return `${target} is not on ${iface} and arp_ignore = ${ignore}`;
  if (ignore === 2 && !own.some((a) => ((a.value ^ sip) & a.prefix.mask) === 0)) {
    return `arp_ignore = 2 on ${iface}: the requester is not in ${target}'s subnet`;
  }
  return null;
}

/**
 * arp_filter (net/ipv4/arp.c): with net.ipv4.conf.*.arp_filter on, a request is answered only
 * when the host's own route back to the requester (ip_route_output sip from tip) leaves by the
 * interface the request came in on.
 */
function arpFilterReason(receiver: NeighbourHost, iface: string, target: string, sip: string): string | null {
  if (!orConf(receiver.host, iface, 'arp_filter') || receiver.fib === null) return null;
  const back = routeOutput(receiver.host, receiver.fib, {
    src: target,
    dst: sip,
    mark: 0,
    proto: 0,
    sport: 0,
    dport: 0,
    tos: 0,
    oif: null,
    multipath: 0,
  });
  const dev = back.kind === 'out' ? back.egress.dev : back.kind === 'broadcast' ? back.dev : back.kind === 'local' ? 'lo' : null;
  if (dev === iface) return null;
  return `arp_filter is on and the route back to ${sip} ${dev === null ? 'fails' : `leaves by ${dev}, not ${iface}`}`;
}

/**
 * arp_process for a request arriving on `iface`: the target must route locally (or be proxied
 * with proxy_arp) in ip_route_input(tip, sip, iif), which runs fib_validate_source on the sender
 * address, so strict rp_filter silences the reply for an asymmetric sender (oracle fact 11);
 * arp_ignore and arp_filter can refuse a local target.
 */
function arpAnswer(receiver: NeighbourHost, iface: string, target: string, sip: string | null): ArpAnswer {
  const where = `${receiver.host.name}:${iface}`;
  const tip = parseIpv4(target) ?? 0;
  const owner = addressOwner(receiver.host, tip);
  if (sip === null || sip === '0.0.0.0') {
    return owner !== null
      ? { answers: true, explanation: `${where} answers the ARP probe for ${target}` }
      : { answers: false, explanation: `${where} does not own ${target}` };
  }
  if (receiver.fib === null) {
    return owner !== null
      ? { answers: true, explanation: `${where} owns ${target}` }
      : { answers: false, explanation: `${where} does not own ${target}` };
  }
  const decision = routeInput(receiver.host, receiver.fib, {
    src: sip,
    dst: target,
    iif: iface,
    mark: 0,
    proto: 0,
    sport: 0,
    dport: 0,
    tos: 0,
    multipath: 0,
  });
  if (decision.kind === 'local') {
    const refused = ignoreReason(receiver, iface, tip, parseIpv4(sip) ?? 0, target) ?? arpFilterReason(receiver, iface, target, sip);
    if (refused !== null) return { answers: false, explanation: `${where} does not answer ARP for ${target}: ${refused}` };
    return { answers: true, explanation: `${where} answers ARP for ${target} (request from ${sip})` };
  }
  if (decision.kind === 'unknown') {
    return {
      answers: true,
      explanation: `${where} is assumed to answer ARP for ${target}: whether it would cannot be told (${decision.reason})`,
    };
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
  const all = segment.members.filter((m) => !(m.host === sender.host.name && m.iface === iface));
  // why macvlan keeps the frame from a member, worked out only for the members that matter (a
  // segment may hold hundreds, and a request is answered by one or two)
  const blocks = new Map<Endpoint, string | null>();
  const blockOf = (m: Endpoint): string | null => {
    let why = blocks.get(m);
    if (why === undefined) {
      why = macvlanBlock((name) => hosts(name)?.host, { host: sender.host.name, iface }, m, segment.members);
      blocks.set(m, why);
    }
    return why;
  };
  const macOf = (m: Endpoint): string | undefined => {
    const other = hosts(m.host);
    return other === undefined ? undefined : findInterface(other.host, m.iface)?.mac;
  };
  const entry = usableEntry(sender, iface, nexthop);
  if (entry?.lladdr !== undefined) {
    const mac = entry.lladdr.toLowerCase();
    const macs = all.map((m) => ({ m, mac: macOf(m) }));
    const how = `neighbour entry ${nexthop} lladdr ${mac} ${entry.state.join(',')} on ${iface}`;
    const unreachable = macs.find((x) => x.mac === mac && blockOf(x.m) !== null);
    if (unreachable !== undefined) return { kind: 'none', explanation: `${how}, but ${blockOf(unreachable.m)}` };
    const owner = macs.find((x) => x.mac === mac);
    if (owner !== undefined)
      return { kind: 'found', to: owner.m, explanation: `${how}: ${owner.m.host}:${owner.m.iface} on segment ${segment.name}` };
    if (macs.every((x) => x.mac !== undefined || blockOf(x.m) !== null)) {
      return {
        kind: 'outside',
        explanation: `${how}: no modelled member of segment ${segment.name} has that MAC; the frame leaves the snapshot`,
      };
    }
  }
  const target = parseIpv4(nexthop);
  if (target === null) return { kind: 'none', explanation: `next hop ${nexthop} is not IPv4` };
  const sip = arpSource(sender, iface, target, packetSrc);
  // the members that own the target or answer by proxy_arp, in segment order; those macvlan keeps
  // the request from are refused, the others asked, the one owning it on the receiving interface first
  const askable: { m: Endpoint; nh: NeighbourHost; owner: Ipv4Address | null }[] = [];
  for (const m of all) {
    const nh = hosts(m.host);
    if (nh === undefined) continue;
    const owner = addressOwner(nh.host, target);
    if (owner !== null || orConf(nh.host, m.iface, 'proxy_arp')) askable.push({ m, nh, owner });
  }
  const candidates = askable
    .filter((c) => blockOf(c.m) === null)
    .sort((a, b) => Number(b.owner?.iface === b.m.iface) - Number(a.owner?.iface === a.m.iface));
  const refusals: string[] = [];
  for (const c of candidates) {
    const answer = arpAnswer(c.nh, c.m.iface, nexthop, sip);
    if (answer.answers)
      return {
        kind: 'found',
        to: c.m,
        explanation: `ARP who-has ${nexthop} tell ${sip ?? '0.0.0.0'} on segment ${segment.name}: ${answer.explanation}`,
      };
    refusals.push(answer.explanation);
  }
  const blockedOwners = askable.filter((c) => c.owner !== null && blockOf(c.m) !== null).map((c) => blockOf(c.m) as string);
  const why = [...refusals, ...blockedOwners].join('; ') || `no member of segment ${segment.name} owns ${nexthop}`;
  return { kind: 'none', explanation: `ARP who-has ${nexthop} tell ${sip ?? '0.0.0.0'} on segment ${segment.name} gets no answer: ${why}` };
}

/** A neighbour entry the kernel sends to without asking again (not FAILED or INCOMPLETE, with a MAC). */
function usableEntry(sender: NeighbourHost, iface: string, nexthop: string): Neighbour | undefined {
  return (sender.host.neighbours ?? []).find(
    (n) => n.dst === nexthop && n.dev === iface && n.lladdr !== undefined && !n.state.some((s) => UNUSABLE.has(s)),
  );
}

export type LinkNeighbourResult = { kind: 'sent'; explanation: string } | { kind: 'none'; explanation: string };

interface Listener {
  at: Endpoint;
  node: NeighbourHost | undefined;
}

/**
 * Who hears an ARP request sent over a point-to-point link: the peer, or, when the peer is a
 * bridge port, IP on that bridge and every station behind the bridge's other ports (the request
 * is a broadcast, flooded by the bridge).
 */
function listenersOf(hosts: (name: string) => NeighbourHost | undefined, wiring: Wiring, peer: Endpoint): Listener[] {
  const node = hosts(peer.host);
  if (node === undefined) return [{ at: peer, node }];
  const bridge = bridgeOf(node.host, peer.iface);
  if (bridge === null) return [{ at: peer, node }];
  const behind = bridgeReach(wiring, node.host, bridge, peer.iface).segment.members.map((m) => ({ at: m, node: hosts(m.host) }));
  return [{ at: { host: peer.host, iface: bridge }, node }, ...behind];
}

/** A host whose addresses the snapshot does not tell (neither ip-addr nor ip-route captured). */
const addressesUnknown = (node: NeighbourHost): boolean => node.host.interfaces === null && node.host.routes === null;

/**
 * Neighbour resolution on a point-to-point link (a veth pair): the frame can only reach the
 * peer, but it is sent only once the next hop is resolved: a usable neighbour entry, or an ARP
 * request (arp_solicit's sender address) that a listener answers. Nobody answering keeps the
 * packet queued on the sender until the entry fails (NO_NEIGHBOR there, oracle fact 11).
 */
export function resolveOnLink(
  hosts: (name: string) => NeighbourHost | undefined,
  wiring: Wiring,
  sender: NeighbourHost,
  iface: string,
  peer: Endpoint,
  nexthop: string,
  packetSrc: string,
): LinkNeighbourResult {
  const dev = findInterface(sender.host, iface);
  if (dev?.flags.includes('NOARP') === true) return { kind: 'sent', explanation: `${iface} is NOARP: no neighbour resolution` };
  const entry = usableEntry(sender, iface, nexthop);
  if (entry?.lladdr !== undefined)
    return {
      kind: 'sent',
      explanation: `neighbour entry ${nexthop} lladdr ${entry.lladdr.toLowerCase()} ${entry.state.join(',')} on ${iface}`,
    };
  const target = parseIpv4(nexthop);
  if (target === null) return { kind: 'none', explanation: `next hop ${nexthop} is not IPv4` };
  const sip = arpSource(sender, iface, target, packetSrc);
  const ask = `no neighbour entry for ${nexthop} on ${iface}: ARP who-has ${nexthop} tell ${sip ?? '0.0.0.0'}`;
  const refusals: string[] = [];
  let unknownListener: Listener | null = null;
  for (const l of listenersOf(hosts, wiring, peer)) {
    if (l.node === undefined || addressesUnknown(l.node)) {
      unknownListener ??= l;
      continue;
    }
    if (addressOwner(l.node.host, target) === null && !orConf(l.node.host, l.at.iface, 'proxy_arp')) {
      refusals.push(`${l.at.host}:${l.at.iface} does not own ${nexthop}`);
      continue;
    }
    const answer = arpAnswer(l.node, l.at.iface, nexthop, sip);
    if (answer.answers) return { kind: 'sent', explanation: `${ask}: ${answer.explanation}` };
    refusals.push(answer.explanation);
  }
  if (unknownListener !== null) {
    const who = `${unknownListener.at.host}:${unknownListener.at.iface}`;
    const why =
      unknownListener.node === undefined
        ? `${unknownListener.at.host} is not in the snapshot`
        : `the addresses of ${unknownListener.at.host} were not captured`;
    return { kind: 'sent', explanation: `${ask}: ${why}, so ${who} is assumed to answer` };
  }
  const why = refusals.length > 0 ? refusals.join('; ') : `nobody on ${peer.host}:${peer.iface} owns ${nexthop}`;
  return {
    kind: 'none',
    explanation: `${ask} gets no answer (${why}); the packet stays queued on ${sender.host.name} until the neighbour entry fails`,
  };
}
