/** Values of iptables options as iptables-save prints them, read into numbers. */

/** A decimal or `0x` hexadecimal unsigned 32-bit number, or null. */
export function parseU32(text: string): number | null {
  let value: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) value = Number.parseInt(text.slice(2), 16);
  else if (/^[0-9]{1,10}$/.test(text)) value = Number(text);
  else return null;
  return value <= 0xffffffff ? value >>> 0 : null;
}

export interface MarkMask {
  value: number;
  mask: number;
}

/** `0x4000/0x4000` or `0x4000` (mask all ones), as `--mark`, `--set-xmark` and `--tproxy-mark` take them. */
export function parseMarkMask(text: string): MarkMask | null {
  const slash = text.indexOf('/');
  const value = parseU32(slash < 0 ? text : text.slice(0, slash));
  const mask = slash < 0 ? 0xffffffff : parseU32(text.slice(slash + 1));
  if (value === null || mask === null) return null;
  return { value, mask };
}

export const hex = (value: number): string => `0x${(value >>> 0).toString(16)}`;

export interface PortRange {
  from: number;
  to: number;
}

function port(text: string): number | null {
  if (!/^[0-9]{1,5}$/.test(text)) return null;
  const value = Number(text);
  return value <= 65535 ? value : null;
}

/** `80`, `80:90`, `1024:` (to 65535) or `:1023` (from 0), as the tcp/udp/multiport matches take them. */
export function parsePortRange(text: string, separator = ':'): PortRange | null {
  const at = text.indexOf(separator);
  if (at < 0) {
    const single = port(text);
    return single === null ? null : { from: single, to: single };
  }
  const fromText = text.slice(0, at);
  const toText = text.slice(at + 1);
  const from = fromText === '' ? 0 : port(fromText);
  const to = toText === '' ? 65535 : port(toText);
  if (from === null || to === null || from > to) return null;
  return { from, to };
}

export const formatPortRange = (range: PortRange): string => (range.from === range.to ? `${range.from}` : `${range.from}:${range.to}`);

/**
 * An interface name as `-i`, `-o` and `--physdev-in/out` compare it: `veth+` matches every name
 * starting with `veth` (and `+` alone every name, also "no interface"); otherwise the whole name.
 * A packet without that interface compares as the empty name.
 */
export function interfaceMatcher(pattern: string): (name: string | null) => boolean {
  if (pattern.endsWith('+')) {
    const prefix = pattern.slice(0, -1);
    return (name) => (name ?? '').startsWith(prefix);
  }
  return (name) => (name ?? '') === pattern;
}

/** IP protocol numbers by the names iptables accepts (/etc/protocols). */
const PROTOCOLS: Readonly<Record<string, number>> = {
  all: 0,
  icmp: 1,
  igmp: 2,
  ipip: 4,
  ipencap: 4,
  tcp: 6,
  udp: 17,
  ipv6: 41,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  'ipv6-icmp': 58,
  ospf: 89,
  vrrp: 112,
  sctp: 132,
  udplite: 136,
  mh: 135,
};

/** The protocol number of `-p NAME|NUMBER`, or null when the name is not known. */
export function protocolNumber(text: string): number | null {
  const lower = text.toLowerCase();
  if (/^[0-9]{1,3}$/.test(lower)) {
    const n = Number(lower);
    return n <= 255 ? n : null;
  }
  return Object.prototype.hasOwnProperty.call(PROTOCOLS, lower) ? (PROTOCOLS[lower] as number) : null;
}

const PROTOCOL_NAMES = new Map<number, string>([
  [1, 'icmp'],
  [6, 'tcp'],
  [17, 'udp'],
  [132, 'sctp'],
  [136, 'udplite'],
]);

export const protocolName = (n: number): string => PROTOCOL_NAMES.get(n) ?? `${n}`;
