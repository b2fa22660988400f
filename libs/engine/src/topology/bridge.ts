import type { Endpoint, Host, Segment } from '@hookpath/model';
import type { Wiring } from './wiring';

/** The bridge an interface is enslaved to (`master` of kind bridge), or null. */
export function bridgeOf(host: Host, iface: string): string | null {
  const master = host.interfaces?.find((i) => i.name === iface)?.master;
  if (master === undefined) return null;
  return host.interfaces?.some((i) => i.name === master && i.kind === 'bridge') === true ? master : null;
}

export function isBridge(host: Host, dev: string): boolean {
  return host.interfaces?.some((i) => i.name === dev && i.kind === 'bridge') === true;
}

export function bridgePorts(host: Host, bridge: string): string[] {
  return (host.interfaces ?? []).filter((i) => i.master === bridge).map((i) => i.name);
}

export interface BridgeReach {
  /** Everything reachable through the bridge's ports, as one L2 segment. */
  segment: Segment;
  /** Which port leads to each member (`host:iface`). */
  portOf: Map<string, string>;
}

/**
 * What a bridge reaches: the far end of each port's link, or the other members of the segment a
 * port is plugged into. `except` leaves out the port a frame came in by.
 */
export function bridgeReach(wiring: Wiring, host: Host, bridge: string, except: string | null = null): BridgeReach {
  const members: Endpoint[] = [];
  const portOf = new Map<string, string>();
  for (const port of bridgePorts(host, bridge)) {
    if (port === except) continue;
    const a = wiring.attachment(host.name, port);
    const reached =
      a.kind === 'link'
        ? [a.peer]
        : a.kind === 'segment'
          ? a.segment.members.filter((m) => !(m.host === host.name && m.iface === port))
          : [];
    for (const m of reached) {
      members.push(m);
      portOf.set(`${m.host}:${m.iface}`, port);
    }
  }
  return { segment: { name: `bridge ${host.name}:${bridge}`, members }, portOf };
}

export type PortChoice =
  /** The FDB knows the MAC on `port` (learned or static). */
  | { kind: 'fdb'; port: string; entry: string }
  /** Unknown unicast: the bridge floods the frame to every port but the one it came in by. */
  | { kind: 'flood'; ports: string[]; why: string }
  /** The FDB puts the MAC behind the port the frame came in by: br_forward drops it (no hairpin). */
  | { kind: 'same-port'; port: string };

/**
 * br_handle_frame_finish's lookup: `bridge fdb` entries of the bridge's ports (not the `self`
 * entries of a device's own address list) for the destination MAC.
 */
export function choosePort(host: Host, bridge: string, inPort: string, mac: string | undefined): PortChoice {
  const others = bridgePorts(host, bridge).filter((p) => p !== inPort);
  if (mac === undefined) return { kind: 'flood', ports: others, why: 'the destination MAC is not known to the snapshot' };
  if (host.fdb === null)
    return { kind: 'flood', ports: others, why: `bridge-fdb was not captured for ${host.name}, so ${mac} is taken as unknown` };
  const want = mac.toLowerCase();
  const entry = host.fdb.find((e) => e.mac.toLowerCase() === want && e.master === bridge && !e.flags.includes('self') && e.dev !== bridge);
  if (entry === undefined) return { kind: 'flood', ports: others, why: `${mac} is not in ${bridge}'s FDB` };
  if (entry.dev === inPort) return { kind: 'same-port', port: inPort };
  return {
    kind: 'fdb',
    port: entry.dev,
    entry: `${entry.mac} dev ${entry.dev} master ${bridge}${entry.state === undefined || entry.state === '' ? '' : ` ${entry.state}`}`,
  };
}
