/** Layer-4 protocol names conntrack prints (libnetfilter_conntrack's proto2str) and their numbers. */
const PROTOCOLS: Record<string, number> = {
  icmp: 1,
  tcp: 6,
  udp: 17,
  dccp: 33,
  gre: 47,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
};

/**
 * Checks a `name number` pair such as `tcp 6`; `unknown` goes with any number conntrack has no
 * name for (`unknown  253`).
 */
export function protocolNumberMatches(name: string, number: number): boolean {
  if (name === 'unknown') return !Object.values(PROTOCOLS).includes(number);
  return Object.prototype.hasOwnProperty.call(PROTOCOLS, name) && PROTOCOLS[name] === number;
}

/** Protocols whose tuples carry `type= code= id=`. */
export const ICMP_PROTOCOLS = new Set(['icmp', 'icmpv6']);

/** Layer-3 names printed by `-o extended` and their address family numbers. */
export const L3_FAMILIES: Record<string, { family: 'ipv4' | 'ipv6'; number: number }> = {
  ipv4: { family: 'ipv4', number: 2 },
  ipv6: { family: 'ipv6', number: 10 },
};
