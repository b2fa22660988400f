import { invertIcmpType } from '../conntrack/connection';
import type { Packet, TcpFlag } from '../packet/packet';

/** The answer a peer sends back: addresses and ports swapped, echo reply for echo, SYN-ACK for SYN. */
export function replyPacket(p: Packet): Packet {
  let tcpFlags: TcpFlag[] = [];
  if (p.proto === 'tcp') tcpFlags = p.tcpFlags.includes('SYN') && !p.tcpFlags.includes('ACK') ? ['SYN', 'ACK'] : ['ACK'];
  return {
    ...p,
    src: p.dst,
    dst: p.src,
    sport: p.dport,
    dport: p.sport,
    icmpType: p.proto === 'icmp' ? (invertIcmpType(p.icmpType) ?? 0) : 0,
    tcpFlags,
    mark: 0,
    ttl: 64,
    srcMac: undefined,
    dstMac: undefined,
  };
}
