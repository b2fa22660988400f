export type IpRuleAction = 'lookup' | 'blackhole' | 'unreachable' | 'prohibit' | 'goto' | 'nop';

export interface IpRule {
  priority: number;
  /** `not` inverts the selector. */
  not: boolean;
  /** `all` or CIDR. */
  from: string;
  to: string;
  iif?: string;
  oif?: string;
  fwmark?: number;
  /** Mask of fwmark; 0xffffffff when not printed. */
  fwmask?: number;
  tos?: string;
  ipproto?: string;
  sport?: string;
  dport?: string;
  uidrange?: string;
  l3mdev: boolean;
  action: IpRuleAction;
  /** Canonical table name, as in Route.table, for `lookup`. */
  table?: string;
  /** Target priority for `goto`. */
  gotoPriority?: number;
  suppressPrefixLength?: number;
  suppressIfgroup?: string;
  /** Rules whose iif/oif device is missing are printed `[detached]`. */
  detached: boolean;
}
