import type { Host } from '@hookpath/model';

/**
 * `sysctl -a` names an interface's settings `net.ipv4.conf.<iface>.<key>`, with the dots of a
 * VLAN interface name (`bond5.200`) written as slashes.
 */
function confKey(iface: string, key: string): string {
  return `net.ipv4.conf.${iface.replace(/\./g, '/')}.${key}`;
}

export function sysctlNumber(host: Host, key: string): number | null {
  const text = host.sysctls?.[key];
  if (text === undefined) return null;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : null;
}

export interface ConfReading {
  /** The value that applies. */
  value: number;
  all: number | null;
  iface: number | null;
  /** Where the value came from, for explanations. */
  source: string;
}

export interface RpFilterSetting extends ConfReading {
  /** 0 off, 1 strict, anything else loose (the kernel tests `rpf == 1`). */
  mode: 'off' | 'strict' | 'loose';
}

/**
 * A per-interface value that the kernel reads as the maximum of `all` and the interface
 * (IN_DEV_MAXCONF: rp_filter, arp_ignore, arp_announce). An interface missing from the capture
 * takes `default` (what a new interface inherits), then the kernel's built-in 0.
 */
export function maxConf(host: Host, iface: string, key: string): ConfReading {
  const all = sysctlNumber(host, `net.ipv4.conf.all.${key}`);
  let own = sysctlNumber(host, confKey(iface, key));
  let ownSource = confKey(iface, key);
  if (own === null) {
    own = sysctlNumber(host, `net.ipv4.conf.default.${key}`);
    ownSource = `net.ipv4.conf.default.${key} (no value for ${iface})`;
  }
  const value = Math.max(all ?? 0, own ?? 0);
  const parts = [`net.ipv4.conf.all.${key} = ${all ?? 'not captured'}`, `${ownSource} = ${own ?? 'not captured'}`];
  const source = all === null && own === null ? `${key} not captured in sysctl.txt; kernel default 0` : `max(${parts.join(', ')}) = ${value}`;
  return { value, all, iface: own, source };
}

/** A boolean per-interface value the kernel ORs over `all` and the interface (IN_DEV_ORCONF). */
export function orConf(host: Host, iface: string, key: string): boolean {
  const all = sysctlNumber(host, `net.ipv4.conf.all.${key}`) ?? 0;
  const own = sysctlNumber(host, confKey(iface, key)) ?? sysctlNumber(host, `net.ipv4.conf.default.${key}`) ?? 0;
  return all !== 0 || own !== 0;
}

export function rpFilterOf(host: Host, iface: string): RpFilterSetting {
  const reading = maxConf(host, iface, 'rp_filter');
  const mode = reading.value === 0 ? 'off' : reading.value === 1 ? 'strict' : 'loose';
  return { ...reading, mode };
}

export interface ForwardingSetting {
  enabled: boolean;
  source: string;
}

/**
 * Forwarding is decided by the incoming interface's own `forwarding` flag (IN_DEV_FORWARD);
 * writing `net.ipv4.ip_forward` sets it on every interface. Null when the snapshot has neither.
 */
export function forwardingOf(host: Host, iface: string): ForwardingSetting | null {
  const own = sysctlNumber(host, confKey(iface, 'forwarding'));
  if (own !== null) return { enabled: own !== 0, source: `${confKey(iface, 'forwarding')} = ${own}` };
  const global = sysctlNumber(host, 'net.ipv4.ip_forward');
  if (global !== null) return { enabled: global !== 0, source: `net.ipv4.ip_forward = ${global}` };
  const all = sysctlNumber(host, 'net.ipv4.conf.all.forwarding');
  if (all !== null) return { enabled: all !== 0, source: `net.ipv4.conf.all.forwarding = ${all}` };
  return null;
}
