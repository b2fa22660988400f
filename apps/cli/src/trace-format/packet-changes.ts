import type { PacketView } from '@hookpath/engine';

/**
 * The fields a netfilter step can change. The TTL is left out: forwarding decrements it before
 * FORWARD, so a difference seen at a netfilter step belongs to the routing before it.
 */
const FIELDS: readonly (keyof PacketView)[] = ['src', 'dst', 'sport', 'dport', 'mark'];

/** `dst 192.169.100.2→13.13.0.4, mark 0x0→0x4000`: the fields a step changed (an ICMP error's quoted addresses too). */
export function packetChanges(before: PacketView, after: PacketView, fields: readonly (keyof PacketView)[] = FIELDS): string[] {
  const changes: string[] = [];
  for (const field of fields) {
    if (before[field] !== after[field]) changes.push(`${field} ${String(before[field])}→${String(after[field])}`);
  }
  const was = before.inner;
  const now = after.inner;
  if (was !== undefined && now !== undefined) {
    const end = (addr: string, port: number): string => (now.proto === 'icmp' ? addr : `${addr}:${port}`);
    if (was.src !== now.src || was.sport !== now.sport) changes.push(`quoted src ${end(was.src, was.sport)}→${end(now.src, now.sport)}`);
    if (was.dst !== now.dst || was.dport !== now.dport) changes.push(`quoted dst ${end(was.dst, was.dport)}→${end(now.dst, now.dport)}`);
  }
  return changes;
}
