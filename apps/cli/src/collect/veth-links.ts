import type { Endpoint, NetInterface } from '@hookpath/model';

/** What the topology needs to know of one captured namespace. */
export interface CapturedNamespace {
  host: string;
  interfaces: readonly NetInterface[];
  /** `ip -n <ns> netns list-id`: the ids this namespace gives the other namespaces, to their names. */
  peers: ReadonlyMap<number, string>;
}

/**
 * The veth pairs whose two ends were both captured. `ip -d link` prints, for a veth whose peer
 * lives in another namespace, the peer's ifindex (`link_index`) and the id this namespace gives the
 * peer's namespace (`link_netnsid`); ids are local to each namespace, so they are resolved with
 * that namespace's own id list. Each pair is listed once, the ends in a stable order.
 */
export function vethLinks(namespaces: readonly CapturedNamespace[], hostOfNetns: ReadonlyMap<string, string>): [Endpoint, Endpoint][] {
  const byHost = new Map(namespaces.map((n) => [n.host, n]));
  const seen = new Set<string>();
  const links: [Endpoint, Endpoint][] = [];
  for (const ns of namespaces) {
    for (const iface of ns.interfaces) {
      if (iface.kind !== 'veth' || iface.linkNetnsId === undefined || iface.linkIndex === undefined) continue;
      const peerNetns = ns.peers.get(iface.linkNetnsId);
      const peerHost = peerNetns === undefined ? undefined : hostOfNetns.get(peerNetns);
      const peer = peerHost === undefined ? undefined : byHost.get(peerHost)?.interfaces.find((i) => i.ifindex === iface.linkIndex);
      if (peerHost === undefined || peer === undefined) continue;
      const a: Endpoint = { host: ns.host, iface: iface.name };
      const b: Endpoint = { host: peerHost, iface: peer.name };
      const [first, second] = `${a.host}:${a.iface}` < `${b.host}:${b.iface}` ? [a, b] : [b, a];
      const key = `${first.host}:${first.iface} ${second.host}:${second.iface}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push([first, second]);
    }
  }
  return links.sort((x, y) => (`${x[0].host}:${x[0].iface}` < `${y[0].host}:${y[0].iface}` ? -1 : 1));
}

/** `ip -j netns list-id`: `[{"nsid":0,"name":"blue"},{"nsid":1}]` (no name when none is mounted). */
export function parseNetnsListId(json: string): Map<number, string> {
  const peers = new Map<number, string>();
  if (json.trim() === '') return peers;
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return peers;
  for (const entry of parsed as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { nsid, name } = entry as { nsid?: unknown; name?: unknown };
    if (typeof nsid === 'number' && typeof name === 'string') peers.set(nsid, name);
  }
  return peers;
}
