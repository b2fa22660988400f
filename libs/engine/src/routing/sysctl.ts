import type { Host } from '@hookpath/model';

/**
 * `sysctl -a` names an interface's settings `net.ipv4.conf.<iface>.<key>`, with the dots of a
 * VLAN interface name (`bond5.200`) written as slashes.
 */
export function confKey(iface: string, key: string): string {
  return `net.ipv4.conf.${iface.replace(/\./g, '/')}.${key}`;
}

/**
 * A host's sysctl values read as numbers, and the effective per-interface settings derived from
 * them, each worked out once per host: the snapshot's model does not change after parsing, and
 * every trace asks the same few questions of the same few interfaces.
 */
interface HostSysctls {
  numbers: Map<string, number | null>;
  /** key → interface → the reading (maxConf) or the flag (orConf). */
  maxConf: Map<string, Map<string, ConfReading>>;
  orConf: Map<string, Map<string, boolean>>;
  /** interface → setting. */
  rpFilter: Map<string, RpFilterSetting>;
  forwarding: Map<string, ForwardingSetting | null>;
}

/** The per-interface cache of one key (nested maps: no `key iface` string to build per call). */
function keyCache<T>(caches: Map<string, Map<string, T>>, key: string): Map<string, T> {
  let cache = caches.get(key);
  if (cache === undefined) {
    cache = new Map();
    caches.set(key, cache);
  }
  return cache;
}

const perHost = new WeakMap<Host, HostSysctls>();

function sysctlsOf(host: Host): HostSysctls {
  let known = perHost.get(host);
  if (known === undefined) {
    known = { numbers: new Map(), maxConf: new Map(), orConf: new Map(), rpFilter: new Map(), forwarding: new Map() };
    perHost.set(host, known);
  }
  return known;
}

function readNumber(host: Host, key: string): number | null {
  const text = host.sysctls?.[key];
  if (text === undefined) return null;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : null;
}

export function sysctlNumber(host: Host, key: string): number | null {
  const numbers = sysctlsOf(host).numbers;
  const known = numbers.get(key);
  if (known !== undefined) return known;
  const value = readNumber(host, key);
  numbers.set(key, value);
  return value;
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

function readMaxConf(host: Host, iface: string, key: string): ConfReading {
  const all = sysctlNumber(host, `net.ipv4.conf.all.${key}`);
  let own = sysctlNumber(host, confKey(iface, key));
  let ownSource = confKey(iface, key);
  if (own === null) {
    own = sysctlNumber(host, `net.ipv4.conf.default.${key}`);
    ownSource = `net.ipv4.conf.default.${key} (no value for ${iface})`;
  }
  const value = Math.max(all ?? 0, own ?? 0);
  const parts = [`net.ipv4.conf.all.${key} = ${all ?? 'not captured'}`, `${ownSource} = ${own ?? 'not captured'}`];
  const source =
    all === null && own === null ? `${key} not captured in sysctl.txt; kernel default 0` : `max(${parts.join(', ')}) = ${value}`;
  return { value, all, iface: own, source };
}

/**
 * A per-interface value that the kernel reads as the maximum of `all` and the interface
 * (IN_DEV_MAXCONF: rp_filter, arp_ignore, arp_announce). An interface missing from the capture
 * takes `default` (what a new interface inherits), then the kernel's built-in 0.
 * The reading is shared between traces: callers must not change it.
 */
export function maxConf(host: Host, iface: string, key: string): ConfReading {
  const cache = keyCache(sysctlsOf(host).maxConf, key);
  let reading = cache.get(iface);
  if (reading === undefined) {
    reading = readMaxConf(host, iface, key);
    cache.set(iface, reading);
  }
  return reading;
}

/** A boolean per-interface value the kernel ORs over `all` and the interface (IN_DEV_ORCONF). */
export function orConf(host: Host, iface: string, key: string): boolean {
  const cache = keyCache(sysctlsOf(host).orConf, key);
  let on = cache.get(iface);
  if (on === undefined) {
    const all = sysctlNumber(host, `net.ipv4.conf.all.${key}`) ?? 0;
    const own = sysctlNumber(host, confKey(iface, key)) ?? sysctlNumber(host, `net.ipv4.conf.default.${key}`) ?? 0;
    on = all !== 0 || own !== 0;
    cache.set(iface, on);
  }
  return on;
}

/** The effective rp_filter of an interface; shared between traces: callers must not change it. */
export function rpFilterOf(host: Host, iface: string): RpFilterSetting {
  const cache = sysctlsOf(host).rpFilter;
  let setting = cache.get(iface);
  if (setting === undefined) {
    const reading = maxConf(host, iface, 'rp_filter');
    const mode = reading.value === 0 ? 'off' : reading.value === 1 ? 'strict' : 'loose';
    setting = { ...reading, mode };
    cache.set(iface, setting);
  }
  return setting;
}

export interface ForwardingSetting {
  enabled: boolean;
  source: string;
}

function readForwarding(host: Host, iface: string): ForwardingSetting | null {
  const own = sysctlNumber(host, confKey(iface, 'forwarding'));
  if (own !== null) return { enabled: own !== 0, source: `${confKey(iface, 'forwarding')} = ${own}` };
  const global = sysctlNumber(host, 'net.ipv4.ip_forward');
  if (global !== null) return { enabled: global !== 0, source: `net.ipv4.ip_forward = ${global}` };
  const all = sysctlNumber(host, 'net.ipv4.conf.all.forwarding');
  if (all !== null) return { enabled: all !== 0, source: `net.ipv4.conf.all.forwarding = ${all}` };
  return null;
}

/**
 * Forwarding is decided by the incoming interface's own `forwarding` flag (IN_DEV_FORWARD);
 * writing `net.ipv4.ip_forward` sets it on every interface. Null when the snapshot has neither.
 */
export function forwardingOf(host: Host, iface: string): ForwardingSetting | null {
  const cache = sysctlsOf(host).forwarding;
  let setting = cache.get(iface);
  if (setting === undefined) {
    setting = readForwarding(host, iface);
    cache.set(iface, setting);
  }
  return setting;
}

/**
 * IN_DEV_TX_REDIRECTS: send_redirects is an OR of `all` and the interface, both on (1) when not
 * captured; the interface's own value, not `default`, counts.
 */
export function sendRedirects(host: Host, iface: string): boolean {
  // a key of its own: orConf's `send_redirects` would also read `default`
  const cache = keyCache(sysctlsOf(host).orConf, 'tx send_redirects');
  let on = cache.get(iface);
  if (on === undefined) {
    const all = sysctlNumber(host, 'net.ipv4.conf.all.send_redirects');
    const own = sysctlNumber(host, confKey(iface, 'send_redirects'));
    on = (all ?? 1) !== 0 || (own ?? 1) !== 0;
    cache.set(iface, on);
  }
  return on;
}
