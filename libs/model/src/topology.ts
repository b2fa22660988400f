/** `<host>:<iface>`, split. */
export interface Endpoint {
  host: string;
  iface: string;
}

export interface Segment {
  name: string;
  members: Endpoint[];
}

/** A logical switch port and the Linux interface that is its VIF (topology.yaml `ovn.ports`). */
export interface OvnPortBinding {
  port: string;
  endpoint: Endpoint;
  /** How the binding is known: written in topology.yaml, or derived from ovs-interfaces.json / sbctl-show.txt. */
  source: 'topology' | 'derived';
}

/** A localnet port and what it reaches: a segment of topology.yaml or one host interface. */
export interface OvnLocalnetBinding {
  port: string;
  reaches: { kind: 'segment'; segment: string } | { kind: 'endpoint'; endpoint: Endpoint };
}

/** SNAPSHOT-LAYOUT.md "Where OVN meets the Linux hosts". */
export interface OvnBindings {
  ports: OvnPortBinding[];
  localnet: OvnLocalnetBinding[];
  /** OVN chassis name (or system-id) -> the host folder of that node. */
  chassis: Record<string, string>;
}

export interface Topology {
  /** Point-to-point wires (veth pairs) between two hosts. */
  links: [Endpoint, Endpoint][];
  /** L2 segments outside every host. */
  segments: Segment[];
  /** Where OVN meets the hosts; absent when topology.yaml has no `ovn:` section. */
  ovn?: OvnBindings;
}
