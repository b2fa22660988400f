import type { NetInterface } from '@hookpath/model';

/**
 * Normalises the peer/parent reference the same way for the JSON and the text form:
 * - a name of an interface in the same output gets that interface's ifindex as `linkIndex`;
 * - `ifN` (iproute2's rendering of an index it cannot name) becomes `linkIndex: N` without `link`.
 * JSON gives `link_index` only for a peer in another namespace and the name otherwise; text gives
 * `@ifN` and `@name` in the same cases.
 */
export function resolveLinkPeers(interfaces: NetInterface[]): void {
  const byName = new Map(interfaces.map((iface) => [iface.name, iface.ifindex]));
  for (const iface of interfaces) {
    if (iface.link === undefined) continue;
    const index = byName.get(iface.link);
    if (index !== undefined) {
      iface.linkIndex ??= index;
      continue;
    }
    const unnamed = /^if(\d+)$/.exec(iface.link);
    if (unnamed) {
      iface.linkIndex ??= Number(unnamed[1]);
      delete iface.link;
    }
  }
}
