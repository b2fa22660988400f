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
    const reached = a.kind === 'link' ? [a.peer] : a.kind === 'segment' ? a.segment.members.filter((m) => !(m.host === host.name && m.iface === port)) : [];
    for (const m of reached) {
      members.push(m);
      portOf.set(`${m.host}:${m.iface}`, port);
    }
  }
  return { segment: { name: `bridge ${host.name}:${bridge}`, members }, portOf };
}
