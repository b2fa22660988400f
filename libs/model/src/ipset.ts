/** One comma-separated part of an ipset element, typed. */
export type IpsetElementPart =
  | { kind: 'net'; cidr: string }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'port'; proto: string; from: number; to: number }
  | { kind: 'iface'; name: string; physdev: boolean }
  | { kind: 'mark'; value: number }
  | { kind: 'mac'; mac: string }
  | { kind: 'set'; name: string };

export interface IpsetMember {
  /** The element as printed (`10.12.115.101,tcp:80`). */
  value: string;
  parts: IpsetElementPart[];
  nomatch: boolean;
  timeout?: number;
  comment?: string;
  packets?: number;
  bytes?: number;
}

export interface Ipset {
  name: string;
  /** `hash:net`, `hash:ip,port`, `bitmap:port`, `list:set`, ... */
  type: string;
  family?: 'inet' | 'inet6';
  /** Header options as printed (`hashsize 1024`, `maxelem 65536`, `timeout 0`, `comment`, ...). */
  options: Record<string, string | true>;
  members: IpsetMember[];
  /** 1-based line of the set's definition in the source file. */
  line: number;
}
