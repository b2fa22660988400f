import type { OvnMatchExpr, OvnMatchPredicateName, OvnMatchValue } from '@hookpath/model';

// The expansions of OVN's predicates (lib/logical-fields.c; the same text is in
// OVN_MATCH_SYMBOLS[name].expansion), as trees so the evaluator needs no parser.

const hex = (n: number): OvnMatchValue => ({ kind: 'integer', format: 'hex', value: String(n) });
const v6 = (address: string, prefixLength?: number): OvnMatchValue =>
  prefixLength === undefined ? { kind: 'ipv6', address } : { kind: 'ipv6', address, prefixLength };
const eq = (name: string, values: OvnMatchValue[], bits?: [number, number]): OvnMatchExpr => ({
  kind: 'cmp',
  field: bits ? { name, bits: { low: bits[0], high: bits[1] } } : { name },
  op: '==',
  values,
  braces: values.length > 1,
});
const is = (name: string, bits?: [number, number]): OvnMatchExpr => ({
  kind: 'field',
  field: bits ? { name, bits: { low: bits[0], high: bits[1] } } : { name },
});
const and = (...operands: OvnMatchExpr[]): OvnMatchExpr => ({ kind: 'and', operands });
const or = (...operands: OvnMatchExpr[]): OvnMatchExpr => ({ kind: 'or', operands });
const icmp6Of = (type: number[]): OvnMatchExpr =>
  and(eq('icmp6.type', type.map(hex)), eq('icmp6.code', [hex(0)]), eq('ip.ttl', [hex(255)]));

export const PREDICATE_EXPANSIONS: Readonly<Record<OvnMatchPredicateName, OvnMatchExpr>> = {
  'eth.bcast': eq('eth.dst', [{ kind: 'mac', address: 'ff:ff:ff:ff:ff:ff' }]),
  'eth.mcastv6': eq('eth.dst', [hex(0x3333)], [32, 47]),
  'vlan.present': is('vlan.tci', [12, 12]),
  ip4: eq('eth.type', [hex(0x800)]),
  ip6: eq('eth.type', [hex(0x86dd)]),
  ip: or(is('ip4'), is('ip6')),
  'ip4.src_mcast': eq('ip4.src', [hex(0xe)], [28, 31]),
  'ip4.mcast': and(is('eth.mcast'), eq('ip4.dst', [hex(0xe)], [28, 31])),
  icmp4: and(is('ip4'), eq('ip.proto', [hex(1)])),
  igmp: and(is('ip4'), eq('ip.proto', [hex(2)])),
  'ip6.mcast_rsvd': and(eq('ip6.dst', [hex(0xff0)], [116, 127]), eq('ip6.dst', [hex(0)], [0, 111])),
  'ip6.mcast_all_nodes': or(eq('ip6.dst', [v6('ff01::1')]), eq('ip6.dst', [v6('ff02::1')])),
  'ip6.mcast_all_rtrs': or(eq('ip6.dst', [v6('ff01::2')]), eq('ip6.dst', [v6('ff02::2')]), eq('ip6.dst', [v6('ff05::2')])),
  'ip6.mcast_sol_node': eq('ip6.dst', [v6('ff02::1:ff00:0000', 104)]),
  'ip6.mcast_flood': and(
    is('eth.mcastv6'),
    or(is('ip6.mcast_rsvd'), is('ip6.mcast_all_nodes'), is('ip6.mcast_all_rtrs'), is('ip6.mcast_sol_node')),
  ),
  'ip6.mcast': and(is('eth.mcastv6'), eq('ip6.dst', [hex(0xff)], [120, 127])),
  icmp6: and(is('ip6'), eq('ip.proto', [hex(58)])),
  icmp: or(is('icmp4'), is('icmp6')),
  'ip.is_frag': is('ip.frag', [0, 0]),
  'ip.later_frag': is('ip.frag', [1, 1]),
  'ip.first_frag': and(is('ip.is_frag'), { kind: 'not', operand: is('ip.later_frag') }),
  arp: eq('eth.type', [hex(0x806)]),
  rarp: eq('eth.type', [hex(0x8035)]),
  nd: icmp6Of([135, 136]),
  nd_ns: icmp6Of([135]),
  nd_na: icmp6Of([136]),
  nd_rs: icmp6Of([133]),
  nd_ra: icmp6Of([134]),
  mldv1: and(eq('ip6.src', [v6('fe80::', 10)]), eq('icmp6.type', [130, 131, 132].map(hex))),
  mldv2: and(eq('ip6.dst', [v6('ff02::16')]), eq('icmp6.type', [hex(143)])),
  tcp: eq('ip.proto', [hex(6)]),
  udp: eq('ip.proto', [hex(17)]),
  sctp: eq('ip.proto', [hex(132)]),
};
