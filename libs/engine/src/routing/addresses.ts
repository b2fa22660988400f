import type { Host, NetInterface } from '@hookpath/model';
import { parseIpv4, parsePrefix, prefixContains, type Prefix } from '../net/ipv4';
import { scopeNumber, SCOPE_LINK } from './fib';

export interface Ipv4Address {
  address: string;
  value: number;
  /** The subnet of the address (ifa_address/ifa_mask; the peer's for a point-to-point address). */
  prefix: Prefix;
  scope: number;
  secondary: boolean;
  iface: string;
}

const addressesByInterface = new WeakMap<NetInterface, readonly Ipv4Address[]>();

/**
 * The interface's IPv4 addresses, parsed once per interface object (a snapshot's model is not
 * changed after parsing, so the parse is reused by every trace).
 */
export function ipv4AddressesOf(iface: NetInterface): readonly Ipv4Address[] {
  const known = addressesByInterface.get(iface);
  if (known !== undefined) return known;
  const out: Ipv4Address[] = [];
  for (const a of iface.addresses) {
    if (a.family !== 'inet') continue;
    const value = parseIpv4(a.address);
    const prefix = parsePrefix(`${a.peer ?? a.address}/${a.prefixLen}`);
    if (value === null || prefix === null) continue;
    out.push({ address: a.address, value, prefix, scope: scopeNumber(a.scope), secondary: a.secondary, iface: iface.name });
  }
  addressesByInterface.set(iface, out);
  return out;
}

const derived = new WeakMap<Host, NetInterface[]>();

/**
 * Without ip-addr, the local table still tells the addresses: each `local <addr> dev <dev>` route
 * is an address of that device, a primary one when its `src` is itself (a secondary's local route
 * carries its primary as src), with the prefix of the kernel's subnet route that names it as src.
 */
function interfacesFromRoutes(host: Host): NetInterface[] {
  const known = derived.get(host);
  if (known !== undefined) return known;
  const byName = new Map<string, NetInterface>();
  const routes = host.routes ?? [];
  for (const r of routes) {
    if (r.table !== 'local' || r.type !== 'local' || r.dev === undefined || !r.dst.endsWith('/32')) continue;
    const address = r.dst.slice(0, -3);
    const subnet = routes.find(
      (m) =>
        m.table === 'main' && m.protocol === 'kernel' && m.dev === r.dev && m.prefsrc === (r.prefsrc ?? address) && m.dst !== 'default',
    );
    const prefixLen = subnet === undefined ? 32 : Number(subnet.dst.split('/')[1] ?? 32);
    const iface = byName.get(r.dev) ?? {
      ifindex: r.dev === 'lo' ? 1 : byName.size + 2,
      name: r.dev,
      kind: r.dev === 'lo' ? 'loopback' : 'ether',
      flags: [],
      addresses: [],
    };
    iface.addresses.push({
      family: 'inet',
      address,
      prefixLen,
      scope: address.startsWith('127.') ? 'host' : 'global',
      secondary: (r.prefsrc ?? address) !== address,
      flags: [],
    });
    byName.set(r.dev, iface);
  }
  const list = [...byName.values()];
  derived.set(host, list);
  return list;
}

/** The host's interfaces: from ip-addr, or derived from the local table when ip-addr was not captured. */
export function interfacesOf(host: Host): NetInterface[] {
  return host.interfaces ?? interfacesFromRoutes(host);
}

/** A host's interfaces indexed once: device order, names, and the owner of each address. */
interface InterfaceIndex {
  inOrder: readonly NetInterface[];
  byName: ReadonlyMap<string, NetInterface>;
  owners: ReadonlyMap<number, Ipv4Address>;
}

const interfaceIndexes = new WeakMap<Host, InterfaceIndex>();

function interfaceIndex(host: Host): InterfaceIndex {
  const known = interfaceIndexes.get(host);
  if (known !== undefined) return known;
  const all = interfacesOf(host);
  const inOrder = [...all].sort((a, b) => a.ifindex - b.ifindex);
  const byName = new Map<string, NetInterface>();
  // the first interface of a name wins, as a linear search would find it
  for (const i of all) if (!byName.has(i.name)) byName.set(i.name, i);
  const owners = new Map<number, Ipv4Address>();
  for (const iface of inOrder) {
    for (const a of ipv4AddressesOf(iface)) if (!owners.has(a.value)) owners.set(a.value, a);
  }
  const index = { inOrder, byName, owners };
  interfaceIndexes.set(host, index);
  return index;
}

/** Devices in dev_base order: the kernel lists them by creation, which ifindex follows. */
export function interfacesInOrder(host: Host): readonly NetInterface[] {
  return interfaceIndex(host).inOrder;
}

export function findInterface(host: Host, name: string): NetInterface | undefined {
  return interfaceIndex(host).byName.get(name);
}

/** The interface holding this address (inet_lookup_ifaddr), when the host has it. */
export function addressOwner(host: Host, address: number): Ipv4Address | null {
  return interfaceIndex(host).owners.get(address) ?? null;
}

/** in_dev_select_addr: the first primary address of suitable scope, never a link-scope one. */
function inDevSelectAddr(iface: NetInterface, scope: number): string | null {
  for (const a of ipv4AddressesOf(iface)) {
    if (a.secondary) continue;
    if (a.scope <= scope && a.scope !== SCOPE_LINK) return a.address;
  }
  return null;
}

export interface SelectedAddress {
  address: string;
  /** How it was chosen, for explanations. */
  how: string;
}

/**
 * inet_select_addr(dev, dst, scope): the device's first primary address whose subnet holds `dst`
 * (any primary when `dst` is 0), within `scope`; secondaries never. A device without one borrows
 * the first suitable address of the devices in order, lo first (oracle fact 10).
 */
export function inetSelectAddr(host: Host, dev: string, dst: number, scope: number): SelectedAddress | null {
  const iface = findInterface(host, dev);
  if (iface !== undefined) {
    let first: Ipv4Address | null = null;
    for (const a of ipv4AddressesOf(iface)) {
      if (a.secondary) continue;
      if (Math.min(a.scope, 254) > scope) continue;
      if (dst === 0 || prefixContains(a.prefix, dst)) {
        return {
          address: a.address,
          how: dst === 0 ? `first primary address of ${dev}` : `primary address of ${dev} in the next hop's subnet`,
        };
      }
      if (first === null) first = a;
    }
    if (first !== null) return { address: first.address, how: `first primary address of ${dev} (none in the next hop's subnet)` };
  }
  for (const other of interfacesInOrder(host)) {
    const address = inDevSelectAddr(other, scope);
    if (address !== null)
      return { address, how: `${dev} has no usable address; borrowed from ${other.name} (first device with one, lo first)` };
  }
  return null;
}
