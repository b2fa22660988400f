import type { Endpoint, Segment, Topology } from '@hookpath/model';

export type Attachment = { kind: 'link'; peer: Endpoint } | { kind: 'segment'; segment: Segment } | { kind: 'none' };

export interface Wiring {
  attachment(host: string, iface: string): Attachment;
}

const key = (host: string, iface: string): string => `${host}:${iface}`;

/** topology.yaml as a lookup: which wire or segment an interface is plugged into. */
export function compileWiring(topology: Topology): Wiring {
  const map = new Map<string, Attachment>();
  for (const [a, b] of topology.links) {
    map.set(key(a.host, a.iface), { kind: 'link', peer: b });
    map.set(key(b.host, b.iface), { kind: 'link', peer: a });
  }
  for (const segment of topology.segments) {
    for (const m of segment.members) map.set(key(m.host, m.iface), { kind: 'segment', segment });
  }
  return { attachment: (host, iface) => map.get(key(host, iface)) ?? { kind: 'none' } };
}
