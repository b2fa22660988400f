import type { Endpoint, NetInterface } from '@hookpath/model';

/** A captured pod and the node it runs on, with the interfaces both printed (`ip -j -d link show`). */
export interface PodOnNode {
  pod: { host: string; interfaces: readonly NetInterface[] };
  node: { host: string; interfaces: readonly NetInterface[] };
}

/**
 * The veth pairs between each pod and its node. A pod's network namespace has no name on the node
 * (`ip netns list-id` names only the namespaces mounted under /run/netns, and a runtime mounts them
 * under names of its own), so a pair is found by its ifindexes instead: the pod's end points at the
 * node's end (`link_index`) and the node's end points back. Ifindexes are per namespace, so only
 * both directions agreeing makes a pair. Sorted as vethLinks sorts them.
 */
export function podNodeLinks(pairs: readonly PodOnNode[]): [Endpoint, Endpoint][] {
  const links: [Endpoint, Endpoint][] = [];
  for (const { pod, node } of pairs) {
    for (const inner of pod.interfaces) {
      if (inner.kind !== 'veth' || inner.linkIndex === undefined || inner.linkNetnsId === undefined) continue;
      const outer = node.interfaces.find(
        (i) => i.kind === 'veth' && i.ifindex === inner.linkIndex && i.linkIndex === inner.ifindex && i.linkNetnsId !== undefined,
      );
      if (outer === undefined) continue;
      const a: Endpoint = { host: pod.host, iface: inner.name };
      const b: Endpoint = { host: node.host, iface: outer.name };
      links.push(`${a.host}:${a.iface}` < `${b.host}:${b.iface}` ? [a, b] : [b, a]);
    }
  }
  return links.sort((x, y) => (`${x[0].host}:${x[0].iface}` < `${y[0].host}:${y[0].iface}` ? -1 : 1));
}
