import type { Packet } from '../packet/packet';
import type { CompiledOvn } from './compiled-ovn';
import type { OvnMatchEnv } from './match';

/** The conntrack bits a match may test (ct.new, ct.est, ct.rpl, ct.trk, ...). */
export interface CtBits {
  tracked: boolean;
  state: 'new' | 'est';
  reply: boolean;
}

const PROTO: Record<Packet['proto'], bigint> = { tcp: 6n, udp: 17n, icmp: 1n };

/** One microflow as OVN's match language sees it, at a point of the logical pipeline. */
export function packetMatchEnv(
  ovn: CompiledOvn,
  packet: Packet,
  inport: string | null,
  outport: string | null,
  ct: CtBits | null,
): OvnMatchEnv {
  const l4 = packet.proto === 'icmp' ? null : packet.proto;
  const fields: Record<string, bigint | string | boolean | undefined> = {
    inport: inport ?? undefined,
    outport: outport ?? undefined,
    'eth.src': packet.srcMac,
    'eth.dst': packet.dstMac,
    'eth.type': 0x800n,
    'vlan.tci': 0n,
    'ip4.src': packet.src,
    'ip4.dst': packet.dst,
    'ip.proto': PROTO[packet.proto],
    'ip.ttl': BigInt(packet.ttl),
    'ip.dscp': BigInt(packet.tos >> 2),
    'ip.frag': false,
    'ip.later_frag': false,
    'ip.is_frag': false,
    'icmp4.type': packet.proto === 'icmp' ? BigInt(packet.icmpType) : undefined,
    'icmp4.code': packet.proto === 'icmp' ? BigInt(packet.icmpCode) : undefined,
    'ct.trk': ct?.tracked ?? false,
    'ct.new': ct !== null && ct.tracked && ct.state === 'new',
    'ct.est': ct !== null && ct.tracked && ct.state === 'est',
    'ct.rel': false,
    'ct.rpl': ct !== null && ct.tracked && ct.reply,
    'ct.inv': false,
    'ct_label.blocked': false,
    'ct_mark.blocked': false,
    'flags.loopback': false,
  };
  if (l4 !== null) {
    fields[`${l4}.src`] = BigInt(packet.sport);
    fields[`${l4}.dst`] = BigInt(packet.dport);
  }
  return {
    field: (name) => fields[name],
    addressSet: ovn.sets.addressSet,
    portGroup: ovn.sets.portGroup,
  };
}
