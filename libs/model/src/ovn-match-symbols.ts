/**
 * The fields of the OVN match language, as ovn_init_symtab() (lib/logical-fields.c, OVN 23.03)
 * defines them: what the parser accepts and what the evaluator needs (widths, prerequisites,
 * subfields of larger fields, predicates).
 *
 * Level is OVN's: a `nominal` field (not fully maskable in OpenFlow: eth.type, ip.proto, ip.ttl,
 * icmp4.type, ...) may only be compared with `==` (taking enclosing `!` into account); an `ordinal`
 * field takes every operator; a `boolean` predicate takes `==` and `!=`.
 */
export type OvnMatchSymbol =
  | { kind: 'string'; prereq?: string }
  | { kind: 'field'; width: number; level: 'nominal' | 'ordinal'; prereq?: string }
  | { kind: 'subfield'; parent: string; low: number; high: number; prereq?: string }
  | { kind: 'predicate'; name: OvnMatchPredicateName; level: 'nominal' | 'boolean'; expansion: string };

/** Predicates: names that stand for an expression (`tcp` is `ip.proto == 6`). */
export type OvnMatchPredicateName =
  | 'eth.bcast'
  | 'eth.mcastv6'
  | 'vlan.present'
  | 'ip4'
  | 'ip6'
  | 'ip'
  | 'ip4.src_mcast'
  | 'ip4.mcast'
  | 'icmp4'
  | 'igmp'
  | 'ip6.mcast_rsvd'
  | 'ip6.mcast_all_nodes'
  | 'ip6.mcast_all_rtrs'
  | 'ip6.mcast_sol_node'
  | 'ip6.mcast_flood'
  | 'ip6.mcast'
  | 'icmp6'
  | 'icmp'
  | 'ip.is_frag'
  | 'ip.later_frag'
  | 'ip.first_frag'
  | 'arp'
  | 'rarp'
  | 'nd'
  | 'nd_ns'
  | 'nd_na'
  | 'nd_rs'
  | 'nd_ra'
  | 'mldv1'
  | 'mldv2'
  | 'tcp'
  | 'udp'
  | 'sctp';

const PREDICATES: Record<OvnMatchPredicateName, { level: 'nominal' | 'boolean'; expansion: string }> = {
  'eth.bcast': { level: 'boolean', expansion: 'eth.dst == ff:ff:ff:ff:ff:ff' },
  'eth.mcastv6': { level: 'boolean', expansion: 'eth.dst[32..47] == 0x3333' },
  'vlan.present': { level: 'boolean', expansion: 'vlan.tci[12]' },
  ip4: { level: 'nominal', expansion: 'eth.type == 0x800' },
  ip6: { level: 'nominal', expansion: 'eth.type == 0x86dd' },
  ip: { level: 'nominal', expansion: 'ip4 || ip6' },
  'ip4.src_mcast': { level: 'boolean', expansion: 'ip4.src[28..31] == 0xe' },
  'ip4.mcast': { level: 'boolean', expansion: 'eth.mcast && ip4.dst[28..31] == 0xe' },
  icmp4: { level: 'nominal', expansion: 'ip4 && ip.proto == 1' },
  igmp: { level: 'nominal', expansion: 'ip4 && ip.proto == 2' },
  'ip6.mcast_rsvd': { level: 'boolean', expansion: 'ip6.dst[116..127] == 0xff0 && ip6.dst[0..111] == 0x0' },
  'ip6.mcast_all_nodes': { level: 'boolean', expansion: 'ip6.dst == ff01::1 || ip6.dst == ff02::1' },
  'ip6.mcast_all_rtrs': { level: 'boolean', expansion: 'ip6.dst == ff01::2 || ip6.dst == ff02::2 || ip6.dst == ff05::2' },
  'ip6.mcast_sol_node': { level: 'boolean', expansion: 'ip6.dst == ff02::1:ff00:0000/104' },
  'ip6.mcast_flood': {
    level: 'boolean',
    expansion: 'eth.mcastv6 && (ip6.mcast_rsvd || ip6.mcast_all_nodes || ip6.mcast_all_rtrs || ip6.mcast_sol_node)',
  },
  'ip6.mcast': { level: 'boolean', expansion: 'eth.mcastv6 && ip6.dst[120..127] == 0xff' },
  icmp6: { level: 'nominal', expansion: 'ip6 && ip.proto == 58' },
  icmp: { level: 'nominal', expansion: 'icmp4 || icmp6' },
  'ip.is_frag': { level: 'boolean', expansion: 'ip.frag[0]' },
  'ip.later_frag': { level: 'boolean', expansion: 'ip.frag[1]' },
  'ip.first_frag': { level: 'boolean', expansion: 'ip.is_frag && !ip.later_frag' },
  arp: { level: 'nominal', expansion: 'eth.type == 0x806' },
  rarp: { level: 'nominal', expansion: 'eth.type == 0x8035' },
  nd: { level: 'nominal', expansion: 'icmp6.type == {135, 136} && icmp6.code == 0 && ip.ttl == 255' },
  nd_ns: { level: 'nominal', expansion: 'icmp6.type == 135 && icmp6.code == 0 && ip.ttl == 255' },
  nd_na: { level: 'nominal', expansion: 'icmp6.type == 136 && icmp6.code == 0 && ip.ttl == 255' },
  nd_rs: { level: 'nominal', expansion: 'icmp6.type == 133 && icmp6.code == 0 && ip.ttl == 255' },
  nd_ra: { level: 'nominal', expansion: 'icmp6.type == 134 && icmp6.code == 0 && ip.ttl == 255' },
  mldv1: { level: 'nominal', expansion: 'ip6.src == fe80::/10 && icmp6.type == {130, 131, 132}' },
  mldv2: { level: 'nominal', expansion: 'ip6.dst == ff02::16 && icmp6.type == 143' },
  tcp: { level: 'nominal', expansion: 'ip.proto == 6' },
  udp: { level: 'nominal', expansion: 'ip.proto == 17' },
  sctp: { level: 'nominal', expansion: 'ip.proto == 132' },
};

function field(width: number, level: 'nominal' | 'ordinal', prereq?: string): OvnMatchSymbol {
  return prereq === undefined ? { kind: 'field', width, level } : { kind: 'field', width, level, prereq };
}

function sub(parent: string, low: number, high: number, prereq?: string): OvnMatchSymbol {
  return prereq === undefined ? { kind: 'subfield', parent, low, high } : { kind: 'subfield', parent, low, high, prereq };
}

function buildSymbols(): Record<string, OvnMatchSymbol> {
  const s: Record<string, OvnMatchSymbol> = {
    inport: { kind: 'string' },
    outport: { kind: 'string' },
    xxreg0: field(128, 'ordinal'),
    xxreg1: field(128, 'ordinal'),
    xreg4: field(64, 'ordinal'),
    flags: field(32, 'ordinal'),
    'flags.loopback': sub('flags', 0, 0),
    'flags.force_snat_for_dnat': sub('flags', 2, 2),
    'flags.force_snat_for_lb': sub('flags', 3, 3),
    'flags.skip_snat_for_lb': sub('flags', 9, 9),
    'flags.use_snat_zone': sub('flags', 11, 11),
    ct_mark: field(32, 'ordinal'),
    'ct_mark.blocked': sub('ct_mark', 0, 0),
    'ct_mark.natted': sub('ct_mark', 1, 1),
    'ct_mark.ecmp_reply_port': sub('ct_mark', 16, 31),
    'ct_mark.skip_snat': sub('ct_mark', 2, 2),
    'ct_mark.force_snat': sub('ct_mark', 3, 3),
    ct_label: field(128, 'ordinal'),
    'ct_label.blocked': sub('ct_label', 0, 0),
    'ct_label.natted': sub('ct_label', 1, 1),
    'ct_label.ecmp_reply_eth': sub('ct_label', 32, 79),
    'ct_label.ecmp_reply_port': sub('ct_label', 80, 95),
    'ct_label.label': sub('ct_label', 96, 127),
    'ct_label.skip_snat': sub('ct_label', 2, 2),
    'ct_label.force_snat': sub('ct_label', 3, 3),
    ct_state: field(32, 'ordinal'),
    'eth.src': field(48, 'ordinal'),
    'eth.dst': field(48, 'ordinal'),
    'eth.type': field(16, 'nominal'),
    'eth.mcast': sub('eth.dst', 40, 40),
    'vlan.tci': field(16, 'ordinal'),
    'vlan.pcp': sub('vlan.tci', 13, 15, 'vlan.present'),
    'vlan.vid': sub('vlan.tci', 0, 11, 'vlan.present'),
    'ip.proto': field(8, 'nominal', 'ip'),
    'ip.dscp': field(6, 'nominal', 'ip'),
    'ip.ecn': field(2, 'nominal', 'ip'),
    'ip.ttl': field(8, 'nominal', 'ip'),
    'ip4.src': field(32, 'ordinal', 'ip4'),
    'ip4.dst': field(32, 'ordinal', 'ip4'),
    'icmp4.type': field(8, 'nominal', 'icmp4'),
    'icmp4.code': field(8, 'nominal', 'icmp4'),
    'ip6.src': field(128, 'ordinal', 'ip6'),
    'ip6.dst': field(128, 'ordinal', 'ip6'),
    'ip6.label': field(20, 'ordinal', 'ip6'),
    'icmp6.type': field(8, 'nominal', 'icmp6'),
    'icmp6.code': field(8, 'nominal', 'icmp6'),
    'ip.frag': field(8, 'ordinal', 'ip'),
    'arp.op': field(16, 'nominal', 'arp'),
    'arp.spa': field(32, 'ordinal', 'arp'),
    'arp.sha': field(48, 'ordinal', 'arp'),
    'arp.tpa': field(32, 'ordinal', 'arp'),
    'arp.tha': field(48, 'ordinal', 'arp'),
    'rarp.op': field(16, 'nominal', 'rarp'),
    'rarp.spa': field(32, 'ordinal', 'rarp'),
    'rarp.sha': field(48, 'ordinal', 'rarp'),
    'rarp.tpa': field(32, 'ordinal', 'rarp'),
    'rarp.tha': field(48, 'ordinal', 'rarp'),
    'nd.target': field(128, 'ordinal', 'nd'),
    'nd.sll': field(48, 'ordinal', 'nd_ns'),
    'nd.tll': field(48, 'ordinal', 'nd_na'),
    'tcp.src': field(16, 'ordinal', 'tcp'),
    'tcp.dst': field(16, 'ordinal', 'tcp'),
    'tcp.flags': field(12, 'ordinal', 'tcp'),
    'udp.src': field(16, 'ordinal', 'udp'),
    'udp.dst': field(16, 'ordinal', 'udp'),
    'sctp.src': field(16, 'ordinal', 'sctp'),
    'sctp.dst': field(16, 'ordinal', 'sctp'),
    'pkt.mark': field(32, 'ordinal'),
    'icmp4.frag_mtu': field(16, 'nominal'),
    'icmp6.frag_mtu': field(32, 'nominal'),
  };
  // Ten logical registers: xxreg0/1 hold reg0-3 and reg4-7 (most significant first), xreg4 holds
  // reg8-9; xreg0-3 are the 64-bit halves of xxreg0/1.
  for (let xi = 0; xi < 4; xi++) {
    const lsb = 64 * (1 - (xi % 2));
    s[`xreg${xi}`] = sub(`xxreg${Math.floor(xi / 2)}`, lsb, lsb + 63);
  }
  for (let i = 0; i < 8; i++) {
    const lsb = 32 * (3 - (i % 4));
    s[`reg${i}`] = sub(`xxreg${Math.floor(i / 4)}`, lsb, lsb + 31);
  }
  s.reg8 = sub('xreg4', 32, 63);
  s.reg9 = sub('xreg4', 0, 31);
  // Connection tracking state bits; every one but ct.trk needs ct.trk.
  const ctBits = ['new', 'est', 'rel', 'rpl', 'inv', 'trk', 'snat', 'dnat'];
  ctBits.forEach((name, bit) => {
    s[`ct.${name}`] = sub('ct_state', bit, bit, name === 'trk' ? undefined : 'ct.trk');
  });
  for (const [name, p] of Object.entries(PREDICATES)) {
    s[name] = { kind: 'predicate', name: name as OvnMatchPredicateName, level: p.level, expansion: p.expansion };
  }
  return s;
}

/** Every symbol of the language by name. */
export const OVN_MATCH_SYMBOLS: Readonly<Record<string, OvnMatchSymbol>> = buildSymbols();
