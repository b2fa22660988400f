/** A sysctl as the API lists it. */
export interface SysctlEntry {
  key: string;
  value: string;
}

/** rp_filter and src_valid_mark of one interface, and the values the kernel acts on. */
export interface InterfaceSysctls {
  iface: string;
  rpFilter: string | null;
  /** max(conf.all.rp_filter, conf.<iface>.rp_filter): what the kernel checks (IN_DEV_RPFILTER). */
  rpFilterEffective: string | null;
  srcValidMark: string | null;
  /** conf.all.src_valid_mark OR conf.<iface>.src_valid_mark (IN_DEV_ORCONF). */
  srcValidMarkEffective: string | null;
}

export interface SysctlsThatMatter {
  ipForward: string | null;
  rpFilterAll: string | null;
  rpFilterDefault: string | null;
  srcValidMarkAll: string | null;
  srcValidMarkDefault: string | null;
  /** net.bridge.bridge-nf-call-*; empty when br_netfilter was not loaded (or not captured). */
  bridge: SysctlEntry[];
  interfaces: InterfaceSysctls[];
}

const CONF = 'net.ipv4.conf.';

function numberOrNull(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function maxOf(a: string | null, b: string | null): string | null {
  const na = numberOrNull(a);
  const nb = numberOrNull(b);
  if (na === null) return b;
  if (nb === null) return a;
  return String(Math.max(na, nb));
}

function orOf(a: string | null, b: string | null): string | null {
  const na = numberOrNull(a);
  const nb = numberOrNull(b);
  if (na === null && nb === null) return null;
  return (na ?? 0) !== 0 || (nb ?? 0) !== 0 ? '1' : '0';
}

/**
 * The sysctls that decide a packet's fate in a host, with the value the kernel uses per interface.
 * `conf.default` only seeds interfaces created later, so it never enters an existing interface's value.
 */
export function sysctlsThatMatter(conf: SysctlEntry[], forward: SysctlEntry[], bridge: SysctlEntry[]): SysctlsThatMatter {
  const values = new Map(conf.map((e) => [e.key, e.value]));
  const get = (iface: string, name: string) => values.get(`${CONF}${iface}.${name}`) ?? null;
  const ifaces = new Set<string>();
  for (const { key } of conf) {
    const rest = key.slice(CONF.length);
    const dot = rest.lastIndexOf('.');
    const name = rest.slice(dot + 1);
    const iface = rest.slice(0, dot);
    if ((name === 'rp_filter' || name === 'src_valid_mark') && iface !== 'all' && iface !== 'default') ifaces.add(iface);
  }
  const rpFilterAll = get('all', 'rp_filter');
  const srcValidMarkAll = get('all', 'src_valid_mark');
  return {
    ipForward: forward.find((e) => e.key === 'net.ipv4.ip_forward')?.value ?? null,
    rpFilterAll,
    rpFilterDefault: get('default', 'rp_filter'),
    srcValidMarkAll,
    srcValidMarkDefault: get('default', 'src_valid_mark'),
    bridge,
    interfaces: [...ifaces].sort().map((iface) => {
      const rpFilter = get(iface, 'rp_filter');
      const srcValidMark = get(iface, 'src_valid_mark');
      return {
        // sysctl writes a dot inside an interface name (eth0.100) as a slash.
        iface: iface.replaceAll('/', '.'),
        rpFilter,
        rpFilterEffective: maxOf(rpFilterAll, rpFilter),
        srcValidMark,
        srcValidMarkEffective: orOf(srcValidMarkAll, srcValidMark),
      };
    }),
  };
}

/** What an rp_filter value means. */
export function rpFilterMeaning(value: string | null): string {
  switch (value) {
    case null:
      return 'not captured';
    case '0':
      return 'off';
    case '1':
      return 'strict';
    case '2':
      return 'loose';
    default:
      return value;
  }
}
