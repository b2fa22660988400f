import type { Host, OvnSwitchPort, SnapshotModel } from '@hookpath/model';
import { parseIpv4 } from '../net/ipv4';
import { interfacesInOrder, ipv4AddressesOf, type Ipv4Address } from '../routing/addresses';
import type { FlowSource } from './flow-types';

const LOOPBACK_NET = 127;

/** The host's IPv4 addresses outside 127.0.0.0/8, primaries first, devices in ifindex order. */
export function hostAddresses(host: Host): Ipv4Address[] {
  const all: Ipv4Address[] = [];
  for (const iface of interfacesInOrder(host)) {
    if (iface.kind === 'loopback') continue;
    for (const a of ipv4AddressesOf(iface)) if (a.value >>> 24 !== LOOPBACK_NET) all.push(a);
  }
  return [...all.filter((a) => !a.secondary), ...all.filter((a) => a.secondary)];
}

/** The address a process in the namespace sends from by default: its first primary, non-loopback IPv4. */
export function primaryAddress(host: Host): string | null {
  return hostAddresses(host)[0]?.address ?? null;
}

/** The first IPv4 address of a logical switch port's `addresses` ("<mac> <ip> ..."). */
function portAddress(port: OvnSwitchPort): string | null {
  for (const entry of port.addresses) {
    for (const token of entry.split(/\s+/)) if (parseIpv4(token) !== null) return token;
  }
  return null;
}

/**
 * The cluster's workloads as senders: every host with role `pod` (it sends from its primary
 * address), then, when the snapshot has the OVN northbound database, every VIF port (type '') of
 * every logical switch with an IPv4 address, entering as `ovn:<port>`. kube-ovn also gives nodes
 * VIF ports (`node-<name>` on the join switch); they are senders into the logical topology like any
 * pod and stay in the set. A port topology.yaml binds to a host interface is that host's: its
 * traffic starts in the host (a pod host is already in the set; a gateway's or node's is not a
 * workload's).
 */
export function flowSources(model: SnapshotModel): FlowSource[] {
  const out: FlowSource[] = [];
  for (const host of model.hosts) {
    if (host.meta.role !== 'pod') continue;
    const src = primaryAddress(host);
    if (src !== null) out.push({ from: host.name, src });
  }
  const bound = new Set((model.topology.ovn?.ports ?? []).map((b) => b.port));
  for (const sw of model.ovn?.switches ?? []) {
    for (const port of sw.ports) {
      if (port.type !== '' || bound.has(port.name)) continue;
      const src = portAddress(port);
      if (src !== null) out.push({ from: `ovn:${port.name}`, src });
    }
  }
  return out;
}
