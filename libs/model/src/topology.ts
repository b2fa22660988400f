/** `<host>:<iface>`, split. */
export interface Endpoint {
  host: string;
  iface: string;
}

export interface Segment {
  name: string;
  members: Endpoint[];
}

export interface Topology {
  /** Point-to-point wires (veth pairs) between two hosts. */
  links: [Endpoint, Endpoint][];
  /** L2 segments outside every host. */
  segments: Segment[];
}
