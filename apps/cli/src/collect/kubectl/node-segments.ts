import type { NetInterface, Segment } from '@hookpath/model';

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** `kubectl get nodes -o json`: each node's InternalIP addresses (`status.addresses`). */
export function nodeInternalIps(json: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const items = record(JSON.parse(json)).items;
  for (const item of Array.isArray(items) ? items : []) {
    const node = record(item);
    const name = record(node.metadata).name;
    const addresses = record(node.status).addresses;
    if (typeof name !== 'string' || !Array.isArray(addresses)) continue;
    out.set(
      name,
      addresses.flatMap((a: unknown) => {
        const { type, address } = record(a);
        return type === 'InternalIP' && typeof address === 'string' ? [address] : [];
      }),
    );
  }
  return out;
}

/** `192.168.7.11`/24 -> `192.168.7.0-24`; null for an address that is not IPv4. */
function ipv4Network(address: string, prefixLen: number): string | null {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  const value = parts.reduce((acc, p) => acc * 256 + p, 0);
  const size = 2 ** (32 - prefixLen);
  const network = Math.floor(value / size) * size;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}-${prefixLen}`;
}

/**
 * The nodes' network: the interface of each node that holds its InternalIP, one segment per IPv4
 * subnet that two nodes or more share (`nodes-192.168.7.0-24`), so a packet a node sends to
 * another node's address arrives there. Nodes whose InternalIPs are in different subnets are
 * joined by routers the snapshot does not hold: their interfaces stay out of every segment.
 */
export function nodeSegments(
  nodes: readonly { host: string; internalIps: readonly string[]; interfaces: readonly NetInterface[] }[],
): Segment[] {
  const bySubnet = new Map<string, Segment['members']>();
  for (const node of nodes) {
    for (const ip of node.internalIps) {
      const iface = node.interfaces.find((i) => i.addresses.some((a) => a.address === ip));
      const prefixLen = iface?.addresses.find((a) => a.address === ip)?.prefixLen;
      const network = iface === undefined || prefixLen === undefined ? null : ipv4Network(ip, prefixLen);
      if (iface === undefined || network === null) continue;
      const members = bySubnet.get(network) ?? [];
      if (!members.some((m) => m.host === node.host && m.iface === iface.name)) members.push({ host: node.host, iface: iface.name });
      bySubnet.set(network, members);
    }
  }
  return [...bySubnet]
    .filter(([, members]) => members.length >= 2)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([network, members]) => ({
      name: `nodes-${network}`,
      members: members.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0)),
    }));
}
