export type AddressFamily = 'inet' | 'inet6';

export interface InterfaceAddress {
  family: AddressFamily;
  address: string;
  prefixLen: number;
  /** `peer` address of a point-to-point address, when present. */
  peer?: string;
  broadcast?: string;
  scope: string;
  /** The kernel marks every address after the first one of the same subnet as secondary. */
  secondary: boolean;
  label?: string;
  /** Other flags as printed (`noprefixroute`, `dynamic`, `deprecated`, ...). */
  flags: string[];
}

/** Link kinds the engine distinguishes; any other `info_kind` is kept verbatim in `kind`. */
export type LinkKind =
  | 'loopback'
  | 'ether'
  | 'veth'
  | 'bridge'
  | 'macvlan'
  | 'macvtap'
  | 'ipvlan'
  | 'vlan'
  | 'vxlan'
  | 'geneve'
  | 'dummy'
  | 'bond'
  | 'tun'
  | 'openvswitch'
  | (string & {});

export type MacvlanMode = 'private' | 'vepa' | 'bridge' | 'passthru' | 'source';

export interface NetInterface {
  ifindex: number;
  name: string;
  kind: LinkKind;
  /** Link-layer address, lower-case, when the link has one. */
  mac?: string;
  mtu?: number;
  /** Flags between angle brackets: UP, LOWER_UP, NOARP, ... */
  flags: string[];
  operState?: string;
  /** Name of the master device (bridge or bond) when enslaved. */
  master?: string;
  /** For veth, macvlan, vlan: the peer / parent, as `name@ifN` splits it. */
  link?: string;
  /** The peer's or parent's ifindex (`@ifN` / `link_index`). */
  linkIndex?: number;
  /** Set when the peer / parent lives in another network namespace. */
  linkNetnsId?: number;
  macvlanMode?: MacvlanMode;
  vlanId?: number;
  vlanProtocol?: string;
  /** Bridge attributes (`ip -d link` of a bridge). */
  bridge?: { stpState?: number; vlanFiltering?: boolean; nfCallIptables?: boolean };
  /** Bridge port attributes (`ip -d link` of an enslaved port). */
  bridgePort?: { state?: string; learning?: boolean; hairpin?: boolean };
  addresses: InterfaceAddress[];
}
