/** One difference between two snapshots, in terms a person can find again in the snapshot files. */

export type ChangeKind =
  | 'host.added'
  | 'host.removed'
  | 'capture.added'
  | 'capture.removed'
  | 'iptables.table.added'
  | 'iptables.table.removed'
  | 'iptables.chain.added'
  | 'iptables.chain.removed'
  | 'iptables.chain.policy-changed'
  | 'iptables.rule.added'
  | 'iptables.rule.removed'
  | 'ipset.set.added'
  | 'ipset.set.removed'
  | 'ipset.type-changed'
  | 'ipset.options-changed'
  | 'ipset.member.added'
  | 'ipset.member.removed'
  | 'route.added'
  | 'route.removed'
  | 'route.changed'
  | 'ip-rule.added'
  | 'ip-rule.removed'
  | 'ip-rule.changed'
  | 'interface.added'
  | 'interface.removed'
  | 'interface.changed'
  | 'address.added'
  | 'address.removed'
  | 'address.changed'
  | 'sysctl.added'
  | 'sysctl.removed'
  | 'sysctl.changed'
  | 'conntrack.added'
  | 'conntrack.removed'
  | 'conntrack.changed'
  | 'ipvs.service.added'
  | 'ipvs.service.removed'
  | 'ipvs.service.changed'
  | 'ipvs.real-server.added'
  | 'ipvs.real-server.removed'
  | 'ipvs.real-server.changed'
  | 'nat.added'
  | 'nat.removed'
  | OvnChangeKind;

/** OVN rows whose changes are added, removed or changed (one file per family under `ovn-diff/`). */
export type OvnRowFamily =
  | 'switch'
  | 'switch-port'
  | 'router'
  | 'router-port'
  | 'nat'
  | 'static-route'
  | 'policy'
  | 'load-balancer'
  | 'lb-vip'
  | 'lb-group'
  | 'acl'
  | 'port-group'
  | 'address-set'
  | 'ha-chassis-group'
  | 'static-mac-binding'
  | 'dhcp-options'
  | 'chassis'
  | 'port-binding'
  | 'mac-binding';

export type OvnChangeKind =
  | `ovn.${OvnRowFamily}.${'added' | 'removed' | 'changed'}`
  /** A table (or the whole OVN capture) held in full on one side only: said once, not row by row. */
  | 'ovn.capture.added'
  | 'ovn.capture.removed'
  | 'ovn.lb-group.member-added'
  | 'ovn.lb-group.member-removed'
  | 'ovn.port-group.port-added'
  | 'ovn.port-group.port-removed'
  | 'ovn.address-set.address-added'
  | 'ovn.address-set.address-removed';

/** A value on one side: a position or line in the base and/or target snapshot. */
export interface Sides<T> {
  base?: T;
  target?: T;
}

/** Where a change is. Only the fields that apply to the change's area are set. */
export interface ChangePlace {
  /** The host folder name; absent for OVN changes. */
  host?: string;
  /** The iptables table, or the routing table for routes. */
  table?: string;
  chain?: string;
  /** 1-based rule position in its chain, on each side where the rule exists. */
  position?: Sides<number>;
  /** 1-based line in the source file, on each side where the item exists. */
  line?: Sides<number>;
  iface?: string;
  ipset?: string;
  /** The attribute that changed (`mtu`, `master`, `policy`, ...), or the capture file for capture changes. */
  field?: string;
  /** The OVN object path: `logical_router/<name>/nat/<type> <external> <logical>`, ... */
  ovn?: string;
  /** The OVN row's UUID on each side where it exists (UUIDs change between captures: never part of a key). */
  ovnUuid?: Sides<string>;
  /** The item's identity inside its area (route key, sysctl key, conntrack original tuple, ...). */
  key?: string;
}

export interface StructuralChange {
  kind: ChangeKind;
  place: ChangePlace;
  /** The item as the base snapshot shows it (absent when added). */
  before?: string;
  /** The item as the target snapshot shows it (absent when removed). */
  after?: string;
}

export const added = (kind: ChangeKind, place: ChangePlace, after: string): StructuralChange => ({ kind, place, after });
export const removed = (kind: ChangeKind, place: ChangePlace, before: string): StructuralChange => ({ kind, place, before });
export const changed = (kind: ChangeKind, place: ChangePlace, before: string, after: string): StructuralChange => ({
  kind,
  place,
  before,
  after,
});

/** Byte order, not locale order: the output must not depend on the machine's locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted union of two key sets. */
export function unionKeys(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort(compareText);
}

/** Items by key; a key seen twice keeps the first item (callers choose keys that identify). */
export function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}

/**
 * Keyed diff: removed, added or changed (when `show` differs) for every key, in key order.
 * `make` builds the change items so each area names its own kinds and places.
 */
export function diffKeyed<T>(
  base: ReadonlyMap<string, T>,
  target: ReadonlyMap<string, T>,
  show: (item: T) => string,
  make: {
    added: (key: string, item: T) => StructuralChange[];
    removed: (key: string, item: T) => StructuralChange[];
    changed: (key: string, b: T, t: T) => StructuralChange[];
  },
): StructuralChange[] {
  const out: StructuralChange[] = [];
  for (const key of unionKeys(base.keys(), target.keys())) {
    const b = base.get(key);
    const t = target.get(key);
    if (b === undefined && t !== undefined) out.push(...make.added(key, t));
    else if (b !== undefined && t === undefined) out.push(...make.removed(key, b));
    else if (b !== undefined && t !== undefined && show(b) !== show(t)) out.push(...make.changed(key, b, t));
  }
  return out;
}
