import type { InterfaceAddress, NetInterface } from '@hookpath/model';

const OPTIONAL_INTERFACE_FIELDS = [
  'mac',
  'mtu',
  'operState',
  'master',
  'link',
  'linkIndex',
  'linkNetnsId',
  'macvlanMode',
  'vlanId',
  'vlanProtocol',
  'bridge',
  'bridgePort',
] as const satisfies readonly (keyof NetInterface)[];

/**
 * Copies a NetInterface in the model's field order, leaving out undefined fields, so the JSON and
 * the text parser produce values that compare (and serialise) identically.
 */
export function shapeInterface(source: NetInterface): NetInterface {
  const shaped: Record<string, unknown> = { ifindex: source.ifindex, name: source.name, kind: source.kind };
  for (const key of OPTIONAL_INTERFACE_FIELDS) {
    const value = source[key];
    if (value === undefined) continue;
    shaped[key] = typeof value === 'object' ? withoutUndefined(value) : value;
  }
  shaped.flags = source.flags;
  shaped.addresses = source.addresses.map(shapeAddress);
  return shaped as unknown as NetInterface;
}

/** Copies an InterfaceAddress in the model's field order without undefined fields. */
export function shapeAddress(source: InterfaceAddress): InterfaceAddress {
  const shaped: Record<string, unknown> = { family: source.family, address: source.address, prefixLen: source.prefixLen };
  if (source.peer !== undefined) shaped.peer = source.peer;
  if (source.broadcast !== undefined) shaped.broadcast = source.broadcast;
  shaped.scope = source.scope;
  shaped.secondary = source.secondary;
  if (source.label !== undefined) shaped.label = source.label;
  shaped.flags = source.flags;
  return shaped as unknown as InterfaceAddress;
}

function withoutUndefined(value: object): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) copy[key] = item;
  return copy;
}
