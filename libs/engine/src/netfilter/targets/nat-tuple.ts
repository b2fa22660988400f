import { formatIpv4 } from '../../net/ipv4';
import type { Packet } from '../../packet/packet';
import { addressWord, jhash2, reciprocalScale } from './jhash';
import type { NatRange, ValueRange } from './nat-range';

/** NF_NAT_MANIP_SRC (SNAT, MASQUERADE) or NF_NAT_MANIP_DST (DNAT, REDIRECT). */
export type ManipType = 'SRC' | 'DST';

export interface NatRequest extends NatRange {
  /** NF_NAT_RANGE_PERSISTENT: the address hash ignores the destination. */
  persistent: boolean;
  /** NF_NAT_RANGE_PROTO_RANDOM_ALL (`--random`, `--random-fully`): the port is always chosen at random. */
  randomPorts: boolean;
}

/** The tuple get_unique_tuple() settles on for the connection's first packet. */
export interface NatChoice {
  /** The new address, host order. */
  address: number;
  /** The new port; null when the packet keeps its port (or ICMP id). */
  port: number | null;
  /** How the kernel chose, for the explanation; empty when there was no choice to make. */
  notes: string[];
}

const within = (range: ValueRange, value: number): boolean => value >= range.min && value <= range.max;

/**
 * find_best_ips_proto() for IPv4: the address of a range is minip + reciprocal_scale(j, dist) with
 * j = jhash2 over the tuple's source address (the 16-byte union nf_inet_addr, so four words, the
 * last three zero), seeded with the destination address word (xor the conntrack zone, 0 here)
 * or 0 with --persistent. The hash reads the source even when the destination is rewritten.
 */
export function hashedAddress(src: number, dst: number, range: ValueRange, persistent: boolean): number {
  if (range.min === range.max) return range.min;
  const j = jhash2([addressWord(src), 0, 0, 0], persistent ? 0 : addressWord(dst));
  return (range.min + reciprocalScale(j, range.max - range.min + 1)) >>> 0;
}

/** nf_nat_l4proto_unique_tuple() without PROTO_SPECIFIED: the port classes of a source rewrite. */
function implicitSourcePorts(port: number): string {
  if (port < 512) return '1-511';
  if (port < 1024) return '600-1023';
  return '1024-65535';
}

/** Step 3 of get_unique_tuple(): the port (or ICMP id) of the tuple that step 2 gave an address. */
function choosePort(manip: ManipType, packet: Packet, request: NatRequest): { port: number | null; notes: string[] } {
  const side = manip === 'SRC' ? 'source' : 'destination';
  if (packet.proto === 'icmp') {
    // the ICMP id is kept unless --random asks for a new one (nf_nat_l4proto_unique_tuple's find_free_id)
    return { port: null, notes: request.randomPorts ? [`the kernel picks a random ICMP id; the trace keeps ${packet.icmpId}`] : [] };
  }
  const current = manip === 'SRC' ? packet.sport : packet.dport;
  const ports = request.ports;
  if (!request.randomPorts) {
    // "only bother mapping if it's not already in range and unique": a port already in the range is
    // kept (a one-port range needs no uniqueness check); without a range the port is kept
    if (ports === null) return { port: null, notes: [] };
    if (within(ports, current))
      return { port: null, notes: ports.min === ports.max ? [] : [`${side} port ${current} kept: already in ${ports.text}`] };
  }
  if (ports !== null) {
    // the search for a free port starts at offset 0 for a destination rewrite without --random,
    // at a random offset (get_random_u16) otherwise (kernel 6.18 on this machine: DNAT to
    // 7150-7160 gave 7150 seven times out of seven, SNAT and DNAT --random spread over the range)
    const deterministic = ports.min === ports.max || (manip === 'DST' && !request.randomPorts);
    if (deterministic) return { port: ports.min, notes: [] };
    return { port: ports.min, notes: [`the kernel picks a random ${side} port in ${ports.text}; the trace takes the first`] };
  }
  // without a range a destination port cannot change; a source port moves within its class
  if (manip === 'DST') return { port: null, notes: [] };
  return { port: null, notes: [`the kernel picks a random source port in ${implicitSourcePorts(current)}; the trace keeps ${current}`] };
}

/**
 * get_unique_tuple() (nf_nat_core.c) for the connection's first packet, taking every candidate
 * tuple as unused (nf_nat_used_tuple: the trace does not know the host's other connections):
 * 1) a source rewrite without --random keeps the original tuple when its address (and port, when
 *    the rule gives ports) is already in the range;
 * 2) the address comes from the range by the kernel's hash (find_best_ips_proto);
 * 3) the port is kept when already in the rule's port range, otherwise chosen in it.
 */
export function chooseNatTuple(manip: ManipType, src: number, dst: number, packet: Packet, request: NatRequest): NatChoice {
  const addresses = request.addresses;
  if (manip === 'SRC' && !request.randomPorts) {
    const addressIn = addresses === null || within(addresses, src);
    const portIn = request.ports === null || packet.proto === 'icmp' || within(request.ports, packet.sport);
    if (addressIn && portIn) {
      const range = [addresses?.text, request.ports?.text].filter((t) => t !== undefined).join(':');
      return { address: src, port: null, notes: [`the source is already in ${range}: the kernel keeps it`] };
    }
  }
  const original = manip === 'SRC' ? src : dst;
  const notes: string[] = [];
  let address = original;
  if (addresses !== null) {
    address = hashedAddress(src, dst, addresses, request.persistent);
    if (addresses.min !== addresses.max) {
      const seed = request.persistent ? 'the source address (--persistent)' : 'the source and destination addresses';
      notes.push(`${formatIpv4(address)} of ${addresses.text} by the kernel's hash of ${seed}`);
    }
  }
  const port = choosePort(manip, packet, request);
  return { address, port: port.port, notes: [...notes, ...port.notes] };
}
