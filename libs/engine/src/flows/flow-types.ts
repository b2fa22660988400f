import type { L4Protocol, PacketSpec } from '../packet/packet';

export { FLOW_GENERATOR_NAMES, type FlowGeneratorName } from '@hookpath/model';

/** One trace request of a generated set: a place (`<host>`, `<host>:<iface>`, `ovn:<port>`) and a packet. */
export interface GeneratedFlow {
  from: string;
  packet: PacketSpec;
  label: string;
}

export interface FlowGeneratorOptions {
  /**
   * Destinations of `pods-to-outside`. Default: the first IPv4 address of every host with role
   * `external`, or 1.1.1.1 when the snapshot has none.
   */
  outside?: string[];
  /** At most this many flows (default: all). */
  limit?: number;
}

/** A sender inside the cluster: a pod's namespace, or an OVN logical switch port with an address. */
export interface FlowSource {
  from: string;
  src: string;
}

export type PortProtocol = 'tcp' | 'udp';

/** Something a packet is aimed at: an address, and a port when the protocol has one (icmp has none). */
export interface FlowTarget {
  address: string;
  /** The address as a number, for ordering. */
  value: number;
  proto: L4Protocol;
  /** Null for icmp. */
  port: number | null;
  /** What the snapshot calls it: `default/web:http`, `ipvs`, `lb dnat-74661`, ...; null when nothing names it. */
  name: string | null;
}

/** `10.96.0.10:80/tcp`, or `192.169.100.2 icmp`. */
export function targetText(target: FlowTarget): string {
  return target.port === null ? `${target.address} ${target.proto}` : `${target.address}:${target.port}/${target.proto}`;
}

/** `pod-a -> default/web:http 10.96.0.10:80/tcp`. */
export function flowLabel(from: string, target: FlowTarget): string {
  return target.name === null ? `${from} -> ${targetText(target)}` : `${from} -> ${target.name} ${targetText(target)}`;
}

const PROTO_CODES: Readonly<Record<FlowTarget['proto'], number>> = { icmp: 0, tcp: 1, udp: 2 };

/** (address, protocol, port) as one number: 32 + 2 + 17 bits, exact in a double. */
export const targetKey = (value: number, proto: FlowTarget['proto'], port: number | null): number =>
  (value * 4 + PROTO_CODES[proto]) * 131072 + (port ?? 65536);

/**
 * Targets deduplicated by (address, protocol, port), the first name found kept (a later one fills
 * in a missing name), ordered by address, then port, then protocol.
 */
export class TargetSet<T extends FlowTarget> {
  private readonly byKey = new Map<number, T>();

  /** Whether a target with this key and a name is already known (a caller can skip building one). */
  complete(key: number): boolean {
    const known = this.byKey.get(key);
    return known !== undefined && known.name !== null;
  }

  add(target: T): void {
    const key = targetKey(target.value, target.proto, target.port);
    const known = this.byKey.get(key);
    if (known === undefined) this.byKey.set(key, target);
    else if (known.name === null && target.name !== null) this.byKey.set(key, { ...known, name: target.name });
  }

  sorted(): T[] {
    return [...this.byKey.values()].sort(
      (a, b) => a.value - b.value || (a.port ?? -1) - (b.port ?? -1) || PROTO_CODES[a.proto] - PROTO_CODES[b.proto],
    );
  }
}

export function dedupeTargets<T extends FlowTarget>(targets: Iterable<T>): T[] {
  const set = new TargetSet<T>();
  for (const t of targets) set.add(t);
  return set.sorted();
}
