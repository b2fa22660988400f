import type { Endpoint, Host, NetInterface } from '@hookpath/model';

interface Side {
  host: Host;
  iface: NetInterface;
}

const isChild = (i: NetInterface): boolean => (i.kind === 'macvlan' || i.kind === 'macvtap') && i.linkIndex !== undefined;

/**
 * Whether `cand` may be the lower device of macvlan `child`: the interface whose ifindex the child
 * names (`@ifN`), in the child's namespace when it has no link-netnsid, in another one when it has.
 */
function mayBeParentOf(child: Side, cand: Side): boolean {
  if (!isChild(child.iface) || isChild(cand.iface)) return false;
  if (cand.iface.ifindex !== child.iface.linkIndex) return false;
  return child.iface.linkNetnsId === undefined ? cand.host.name === child.host.name : cand.host.name !== child.host.name;
}

/**
 * The lower device among the members of the child's segment. ifindexes are per namespace and the
 * snapshot does not keep the namespace ids a link-netnsid refers to, so a lower device in another
 * namespace is recognised only when exactly one member fits.
 */
function isParentOf(child: Side, cand: Side, members: () => readonly Side[]): boolean {
  if (!mayBeParentOf(child, cand)) return false;
  if (child.iface.linkNetnsId === undefined) return true;
  return members().filter((m) => mayBeParentOf(child, m)).length === 1;
}

/** Two macvlans of one lower device: the same parent ifindex, seen from the same kind of place. */
function areSiblings(a: Side, b: Side): boolean {
  if (!isChild(a.iface) || !isChild(b.iface) || a.iface.linkIndex !== b.iface.linkIndex) return false;
  const aLocal = a.iface.linkNetnsId === undefined;
  const bLocal = b.iface.linkNetnsId === undefined;
  if (aLocal && bLocal) return a.host.name === b.host.name && a.iface.link === b.iface.link;
  return !aLocal && !bLocal;
}

const modeOf = (i: NetInterface): string => i.macvlanMode ?? 'vepa';

/**
 * Why macvlan keeps a frame from `from` away from `to` on one L2 segment (drivers/net/macvlan.c),
 * or null when it gets there:
 * - a macvlan and its lower device never talk directly: a child's frames are transmitted on the
 *   lower device, which does not receive what it sends, and the lower device's own frames never
 *   pass the macvlan rx handler of its children;
 * - two children talk directly only when both are in bridge mode (macvlan_queue_xmit finds the
 *   destination on the same port); otherwise the frame goes out to the external switch and comes
 *   back only if that switch reflects it (hairpin / 802.1Qbg), which a snapshot cannot show, and a
 *   private child drops frames from its siblings even then (macvlan_handle_frame);
 * - passthru: the only child of its lower device.
 */
export function macvlanBlock(
  hostOf: (name: string) => Host | undefined,
  from: Endpoint,
  to: Endpoint,
  members: readonly Endpoint[],
): string | null {
  const side = (e: Endpoint): Side | null => {
    const host = hostOf(e.host);
    const iface = host?.interfaces?.find((i) => i.name === e.iface);
    return host === undefined || iface === undefined ? null : { host, iface };
  };
  const a = side(from);
  const b = side(to);
  // only a macvlan is kept from anything: between two other interfaces, nothing to look at
  if (a === null || b === null || (!isChild(a.iface) && !isChild(b.iface))) return null;
  let read: Side[] | null = null;
  // the segment's members, read only for a lower device in another namespace (a segment may hold hundreds)
  const sides = (): Side[] => (read ??= members.map(side).filter((x): x is Side => x !== null));
  const name = (s: Side): string => `${s.host.name}:${s.iface.name}`;
  if (isParentOf(a, b, sides) || isParentOf(b, a, sides)) {
    const [child, parent] = isParentOf(a, b, sides) ? [a, b] : [b, a];
    return `${name(child)} is a macvlan (${modeOf(child.iface)} mode) of ${name(parent)}: a macvlan and its lower device cannot reach each other directly`;
  }
  if (!areSiblings(a, b)) return null;
  const ma = modeOf(a.iface);
  const mb = modeOf(b.iface);
  if (ma === 'bridge' && mb === 'bridge') return null;
  const what = `${name(a)} (${ma} mode) and ${name(b)} (${mb} mode) are macvlans of one lower device`;
  if (ma === 'private' || mb === 'private')
    return `${what}: private mode blocks traffic between them, even when the external switch reflects it`;
  return `${what}: not both in bridge mode, so the frame goes out to the external switch and comes back only if that switch reflects it (hairpin), which the snapshot does not show`;
}
