import type { Endpoint, Host, SnapshotModel } from '@hookpath/model';
import { parsePrefix, prefixContains, type Prefix } from '../net/ipv4';
import { addressOwner, findInterface, ipv4AddressesOf, type Ipv4Address } from '../routing/addresses';
import { hostAddresses, primaryAddress } from './flow-sources';
import type { FlowSource } from './flow-types';

/** Where a packet from the outside comes from when the snapshot models no outside peer (RFC 5737 TEST-NET-2). */
export const DOCUMENTATION_SOURCE = '198.51.100.10';

/** kube-proxy's IPVS dummy device holds Service IPs, not addresses of the node. */
const SERVICE_DEVICES: ReadonlySet<string> = new Set(['kube-ipvs0']);
const NOT_UPLINK_KINDS: ReadonlySet<string> = new Set(['loopback', 'dummy', 'bridge']);

/**
 * The outside as the snapshot shows it: hosts with role `external`, the wires of topology.yaml, and
 * each host's uplinks (the devices of its main-table default routes, then its devices on a
 * segment or link), the way a packet from outside the cluster reaches an address.
 */
export class OutsideEntries {
  private readonly externals: Host[];
  private readonly wires = new Map<string, Endpoint[]>();
  private readonly uplinkCache = new Map<string, string[]>();
  private readonly hostOrder: Map<string, number>;

  constructor(private readonly model: SnapshotModel) {
    this.externals = model.hosts.filter((h) => h.meta.role === 'external');
    this.hostOrder = new Map(model.hosts.map((h, i) => [h.name, i]));
    const wire = (a: Endpoint, b: Endpoint): void => {
      const key = `${a.host}:${a.iface}`;
      this.wires.set(key, [...(this.wires.get(key) ?? []), b]);
    };
    for (const [a, b] of model.topology.links) {
      wire(a, b);
      wire(b, a);
    }
    for (const segment of model.topology.segments) {
      for (const a of segment.members) for (const b of segment.members) if (a !== b) wire(a, b);
    }
  }

  /** Default-route devices first, then wired devices, each once. */
  uplinks(host: Host): string[] {
    const known = this.uplinkCache.get(host.name);
    if (known !== undefined) return known;
    const out: string[] = [];
    const add = (dev: string | undefined): void => {
      if (dev !== undefined && !out.includes(dev) && findInterface(host, dev) !== undefined) out.push(dev);
    };
    for (const r of host.routes ?? []) {
      if (r.table !== 'main' || r.dst !== 'default' || r.type !== 'unicast') continue;
      add(r.dev);
      for (const n of r.nexthops) add(n.dev);
    }
    for (const a of hostAddresses(host)) if (this.wires.has(`${host.name}:${a.iface}`)) add(a.iface);
    this.uplinkCache.set(host.name, out);
    return out;
  }

  /** The addresses a node answers NodePorts on from outside: those of its uplinks, else every non-service address. */
  nodeAddresses(host: Host): Ipv4Address[] {
    const uplinks = new Set(this.uplinks(host));
    const own = hostAddresses(host);
    const onUplinks = own.filter((a) => uplinks.has(a.iface));
    if (onUplinks.length > 0) return onUplinks;
    return own.filter((a) => !SERVICE_DEVICES.has(a.iface) && !NOT_UPLINK_KINDS.has(findInterface(host, a.iface)?.kind ?? ''));
  }

  /**
   * The device a packet for `address` arrives on: the one holding the address when it faces the
   * outside, else the host's uplink (an EIP bound to a dummy device, a LoadBalancer IP on
   * kube-ipvs0 is reached through it), else the holder; null when the host shows none.
   */
  private entryDevice(host: Host, address: number): string | null {
    const owner = addressOwner(host, address);
    const uplinks = this.uplinks(host);
    if (owner !== null && uplinks.includes(owner.iface)) return owner.iface;
    return uplinks[0] ?? owner?.iface ?? null;
  }

  /** An outside sender for a packet to `address` of `host`. */
  toHost(host: Host, address: number): FlowSource | null {
    const dev = this.entryDevice(host, address);
    if (dev === null) return null;
    const iface = findInterface(host, dev);
    const subnets = iface === undefined ? [] : ipv4AddressesOf(iface).map((a) => a.prefix);
    const peer = this.pickExternal(host.name, dev, subnets);
    if (peer === null) return { from: `${host.name}:${dev}`, src: DOCUMENTATION_SOURCE };
    const own = hostAddresses(peer);
    const inSubnet = own.find((a) => subnets.some((p) => prefixContains(p, a.value)));
    const src = inSubnet?.address ?? primaryAddress(peer);
    return src === null ? { from: `${host.name}:${dev}`, src: DOCUMENTATION_SOURCE } : { from: peer.name, src };
  }

  /** The external host wired to that device, else one in its subnet, else the first one. */
  private pickExternal(host: string, dev: string, subnets: readonly Prefix[]): Host | null {
    if (this.externals.length === 0) return null;
    const order = (h: Host): number => this.hostOrder.get(h.name) ?? 0;
    const wired = (this.wires.get(`${host}:${dev}`) ?? []).map((e) => e.host);
    const onWire = this.externals.filter((h) => wired.includes(h.name)).sort((a, b) => order(a) - order(b));
    if (onWire[0] !== undefined) return onWire[0];
    const inSubnet = this.externals.find((h) => hostAddresses(h).some((a) => subnets.some((p) => prefixContains(p, a.value))));
    return inSubnet ?? this.externals[0] ?? null;
  }

  /**
   * An outside sender for an address an OVN router answers (a FIP, a router load balancer): the
   * localnet port of the switch behind the router port whose network holds the address, else the
   * first localnet port; it sends from the documentation address.
   */
  toOvnRouter(routerName: string, address: number): FlowSource | null {
    const nb = this.model.ovn;
    if (nb === undefined || nb === null) return null;
    const router = nb.routers.find((r) => r.name === routerName);
    const port = router?.ports.find((p) =>
      p.networks.some((n) => {
        const prefix = parsePrefix(n);
        return prefix !== null && prefixContains(prefix, address);
      }),
    );
    const localnetOf = (ports: readonly { type: string; name: string }[]): string | undefined =>
      ports.find((p) => p.type === 'localnet')?.name;
    const behind =
      port === undefined ? undefined : nb.switches.find((s) => s.ports.some((p) => p.type === 'router' && p.routerPort === port.name));
    const localnet =
      (behind === undefined ? undefined : localnetOf(behind.ports)) ??
      nb.switches.map((s) => localnetOf(s.ports)).find((n) => n !== undefined);
    return localnet === undefined ? null : { from: `ovn:${localnet}`, src: DOCUMENTATION_SOURCE };
  }
}
