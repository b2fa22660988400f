export type RouteType =
  'unicast' | 'local' | 'broadcast' | 'multicast' | 'anycast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw' | 'nat';

export interface RouteNexthop {
  gateway?: string;
  dev?: string;
  weight: number;
  flags: string[];
}

export interface Route {
  /** Canonical table name: `local`, `main`, `default`, or the decimal table id (`1003`). */
  table: string;
  type: RouteType;
  /** `default` or a prefix in CIDR form (`10.12.192.44/32`). */
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  /** `onlink`, `linkdown`, `dead`, ... */
  flags: string[];
  /** Multipath routes: every path (a single-path route has none). */
  nexthops: RouteNexthop[];
}
