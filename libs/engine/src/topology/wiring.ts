import type { Endpoint, Host, OvnBindings, Segment, Topology } from '@hookpath/model';

export type Attachment = { kind: 'link'; peer: Endpoint } | { kind: 'segment'; segment: Segment } | { kind: 'none' };

/** Where an OVN port's frames arrive in a host, and how the binding is known. */
export interface OvnPortEndpoint {
  endpoint: Endpoint;
  /** " (topology.yaml ovn.ports)" and the like, for explanations. */
  how: string;
}

export interface Wiring {
  attachment(host: string, iface: string): Attachment;
  /** The logical switch port whose VIF (or localnet reach) is this host interface, and how that is known. */
  ovnPortOf(host: string, iface: string): { port: string; how: string } | null;
  /** Localnet ports that reach a segment: a frame on the segment for an OVN MAC enters there. */
  localnetOnSegment(segment: string): string[];
  /** The host interface an OVN port outputs into; for a localnet on a segment, the member owning `dstMac`. */
  ovnPortEndpoint(port: string, dstMac: string | undefined): OvnPortEndpoint | null;
}

const NONE: Attachment = { kind: 'none' };

/**
 * A value per host interface, looked up by host and then interface: no `host:iface` key string is
 * built for a lookup (several per hop of every trace). Setting an endpoint again replaces its value.
 */
class ByEndpoint<T> {
  private readonly hosts = new Map<string, Map<string, T>>();

  set(host: string, iface: string, value: T): void {
    let ifaces = this.hosts.get(host);
    if (ifaces === undefined) {
      ifaces = new Map();
      this.hosts.set(host, ifaces);
    }
    ifaces.set(iface, value);
  }

  get(host: string, iface: string): T | undefined {
    return this.hosts.get(host)?.get(iface);
  }
}

/** topology.yaml as a lookup: which wire or segment an interface is plugged into, and where OVN meets the hosts. */
export function compileWiring(topology: Topology, hosts: readonly Host[]): Wiring {
  const map = new ByEndpoint<Attachment>();
  for (const [a, b] of topology.links) {
    map.set(a.host, a.iface, { kind: 'link', peer: b });
    map.set(b.host, b.iface, { kind: 'link', peer: a });
  }
  for (const segment of topology.segments) {
    for (const m of segment.members) map.set(m.host, m.iface, { kind: 'segment', segment });
  }
  const ovn: OvnBindings = topology.ovn ?? { ports: [], localnet: [], chassis: {} };
  const portOf = new ByEndpoint<{ port: string; how: string }>();
  const endpointOf = new Map<string, OvnPortEndpoint>();
  for (const b of ovn.ports) {
    const how = b.source === 'topology' ? ' (topology.yaml ovn.ports)' : ' (derived from ovs-interfaces.json and sbctl-show.txt)';
    portOf.set(b.endpoint.host, b.endpoint.iface, { port: b.port, how });
    endpointOf.set(b.port, { endpoint: b.endpoint, how });
  }
  const localnetSegments = new Map<string, string>();
  for (const b of ovn.localnet) {
    if (b.reaches.kind === 'endpoint') {
      portOf.set(b.reaches.endpoint.host, b.reaches.endpoint.iface, { port: b.port, how: ' (topology.yaml ovn.localnet)' });
      endpointOf.set(b.port, { endpoint: b.reaches.endpoint, how: ' (topology.yaml ovn.localnet)' });
    } else {
      localnetSegments.set(b.port, b.reaches.segment);
    }
  }
  const macOf = (e: Endpoint): string | undefined =>
    hosts
      .find((h) => h.name === e.host)
      ?.interfaces?.find((i) => i.name === e.iface)
      ?.mac?.toLowerCase();
  return {
    attachment: (host, iface) => map.get(host, iface) ?? NONE,
    ovnPortOf: (host, iface) => portOf.get(host, iface) ?? null,
    localnetOnSegment: (segment) => [...localnetSegments].filter(([, s]) => s === segment).map(([port]) => port),
    ovnPortEndpoint: (port, dstMac) => {
      const direct = endpointOf.get(port);
      if (direct !== undefined) return direct;
      const segmentName = localnetSegments.get(port);
      const segment = segmentName === undefined ? undefined : topology.segments.find((s) => s.name === segmentName);
      const member = segment?.members.find((m) => dstMac !== undefined && macOf(m) === dstMac);
      return member === undefined
        ? null
        : {
            endpoint: member,
            how: ` (the member of segment ${segmentName ?? ''} with MAC ${dstMac ?? ''}, through topology.yaml ovn.localnet)`,
          };
    },
  };
}
