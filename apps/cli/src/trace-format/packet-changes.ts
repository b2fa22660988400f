import type { PacketView } from '@hookpath/engine';

const FIELDS: readonly (keyof PacketView)[] = ['src', 'dst', 'sport', 'dport', 'mark', 'ttl'];

/** `dst 192.169.100.2→13.13.0.4, mark 0x0→0x4000`: the fields a step changed. */
export function packetChanges(before: PacketView, after: PacketView): string[] {
  const changes: string[] = [];
  for (const field of FIELDS) {
    if (before[field] !== after[field]) changes.push(`${field} ${String(before[field])}→${String(after[field])}`);
  }
  return changes;
}
