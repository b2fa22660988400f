import type { PacketView } from '@hookpath/engine';

/** The fields that name a packet (a trace's `packet`, a flow of a batch or diff). */
export interface PacketFields {
  proto: string;
  src: string;
  dst: string;
  sport?: number | undefined;
  dport?: number | undefined;
  icmpId?: number | undefined;
}

const endpoint = (address: string, port: number | undefined): string => (port === undefined || port === 0 ? address : `${address}:${port}`);

/** `tcp 10.0.0.1:40000 → 10.96.0.10:80`, `icmp 13.13.0.4 → 192.169.100.1 id 27281`. */
export function packetText(p: PacketFields): string {
  const id = p.proto === 'icmp' && p.icmpId !== undefined ? ` id ${p.icmpId}` : '';
  return `${p.proto} ${endpoint(p.src, p.sport)} → ${endpoint(p.dst, p.dport)}${id}`;
}

/** A step's packet after it: addresses and ports, then the mark when set. */
export function packetAfterText(p: PacketView): string {
  const mark = p.mark !== '' && p.mark !== '0x0' ? ` mark ${p.mark}` : '';
  return `${endpoint(p.src, p.sport)} → ${endpoint(p.dst, p.dport)}${mark}`;
}
