import type { Endpoint } from '@hookpath/model';
import { resolveOnLink, type LinkNeighbourResult } from '../topology/neighbour';
import type { CompiledHost, CompiledSnapshot } from '../walk/compiled';

/** Answers kept per sending host; past this many, new ones are worked out every time. */
const MAX_ANSWERS_PER_HOST = 4096;

const answers = new WeakMap<CompiledHost, Map<string, LinkNeighbourResult>>();

/**
 * resolveOnLink for a frame `sender` sends by `iface` to its link's `peer`: the answer depends only
 * on the snapshot (the neighbour tables, addresses, routes and sysctls of the two ends) and on the
 * next hop and the packet's source, so it is worked out once per compiled host and reused by later
 * traces, as the kernel's neighbour cache is. The result is shared: read, never changed.
 */
export function linkNeighbour(
  snapshot: CompiledSnapshot,
  sender: CompiledHost,
  iface: string,
  peer: Endpoint,
  nexthop: string,
  packetSrc: string,
): LinkNeighbourResult {
  let known = answers.get(sender);
  if (known === undefined) {
    known = new Map();
    answers.set(sender, known);
  }
  const key = `${iface}|${peer.host}|${peer.iface}|${nexthop}|${packetSrc}`;
  let found = known.get(key);
  if (found === undefined) {
    found = resolveOnLink((name) => snapshot.hosts.get(name), snapshot.wiring, sender, iface, peer, nexthop, packetSrc);
    if (known.size < MAX_ANSWERS_PER_HOST) known.set(key, found);
  }
  return found;
}
