export type L4Protocol = 'tcp' | 'udp' | 'icmp';

export type TcpFlag = 'FIN' | 'SYN' | 'RST' | 'PSH' | 'ACK' | 'URG' | 'ECE' | 'CWR';

/** The TCP header's flag bits. */
export const TCP_FLAG_BITS: Readonly<Record<TcpFlag, number>> = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
};

/** An IPv4 packet as the engine sees it at one point of its path. Plain data: copy before changing. */
export interface Packet {
  src: string;
  dst: string;
  proto: L4Protocol;
  /** Ports; 0 for icmp. */
  sport: number;
  dport: number;
  /** ICMP type/code/id; 0 for tcp and udp. An echo request is type 8. */
  icmpType: number;
  icmpCode: number;
  icmpId: number;
  tcpFlags: TcpFlag[];
  /** skb->mark. */
  mark: number;
  ttl: number;
  /** Total IP length in bytes (the `length` match). */
  length: number;
  tos: number;
  /** Source MAC of the frame, when known (the `mac` match); lower-case. */
  srcMac?: string;
  /** Destination MAC of the frame, when known; lower-case. */
  dstMac?: string;
  /** An ICMP error's quoted header: the packet that provoked it, as it is at this point. */
  inner?: InnerHeader;
}

/** The IP and L4 header an ICMP error quotes (RFC 792: the IP header and the first 8 bytes). */
export interface InnerHeader {
  proto: L4Protocol;
  src: string;
  dst: string;
  /** Ports; 0 for icmp. */
  sport: number;
  dport: number;
  /** ICMP type and id of a quoted ICMP packet (an echo request is type 8); 0 for tcp and udp. */
  icmpType: number;
  icmpId: number;
}

/** What a user asks to trace (TRACE-CONTRACT.md command line); the engine fills in the rest. */
export interface PacketSpec {
  src: string;
  dst: string;
  proto: L4Protocol;
  sport?: number;
  dport?: number;
  icmpId?: number;
  mark?: number;
  /** TCP flags of the packet (`--tcp-flags SYN,ACK`); default a SYN. Only for tcp. */
  tcpFlags?: TcpFlag[];
  /** The IP TTL it is sent with (`--ttl N`); default 64. */
  ttl?: number;
}

export function packetFromSpec(spec: PacketSpec): Packet {
  const icmp = spec.proto === 'icmp';
  return {
    src: spec.src,
    dst: spec.dst,
    proto: spec.proto,
    sport: icmp ? 0 : (spec.sport ?? 40000),
    dport: icmp ? 0 : (spec.dport ?? 80),
    icmpType: icmp ? 8 : 0,
    icmpCode: 0,
    icmpId: icmp ? (spec.icmpId ?? 1) : 0,
    tcpFlags: spec.proto === 'tcp' ? [...(spec.tcpFlags ?? ['SYN'])] : [],
    mark: spec.mark ?? 0,
    ttl: spec.ttl ?? 64,
    length: spec.proto === 'tcp' ? 60 : 84,
    tos: 0,
    // present from the start (unknown until a frame carries the packet): every packet then has the
    // shape the copies along the path give it, so copying and reading one stays on V8's fast paths
    srcMac: undefined,
    dstMac: undefined,
  };
}

export const TCP_FLAGS: readonly TcpFlag[] = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];

const isTcpFlag = (name: string): name is TcpFlag => (TCP_FLAGS as readonly string[]).includes(name);

/**
 * `SYN,ACK`: comma-separated TCP flag names (case-insensitive, each at most once) in header order,
 * or a message saying what is wrong.
 */
export function parseTcpFlags(text: string): { flags: TcpFlag[] } | { error: string } {
  const names = text.split(',').map((n) => n.trim().toUpperCase());
  const seen = new Set<TcpFlag>();
  for (const name of names) {
    if (!isTcpFlag(name))
      return { error: `${JSON.stringify(text)}: expected comma-separated TCP flags among ${TCP_FLAGS.join(', ')} (e.g. SYN,ACK)` };
    if (seen.has(name)) return { error: `${JSON.stringify(text)}: ${name} is given twice` };
    seen.add(name);
  }
  return { flags: TCP_FLAGS.filter((f) => seen.has(f)) };
}

let lastMark = 0;
let lastMarkText = '0x0';

/** `0x4000`; the last mark formatted is kept, as a trace shows the same mark on step after step. */
export function formatMark(mark: number): string {
  const value = mark >>> 0;
  if (value !== lastMark) {
    lastMark = value;
    lastMarkText = `0x${value.toString(16)}`;
  }
  return lastMarkText;
}
